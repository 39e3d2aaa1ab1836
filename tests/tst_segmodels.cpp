// Segmentation networks: key/shape lists equal the official files' (manifests), torchvision
// parity of fcn_resnet50 and of the paper's FCN-8s (rebuilt in Python from torchvision's
// resnet34), any input size in → same size out, bilinear initialisation of the transposed
// convolutions, and the Segmenter's resizing.

#include "manifest_check.h"
#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/nets/fcn8s_resnet34.h"
#include "core/nets/fcn_resnet.h"
#include "core/nets/resnet.h"
#include "core/segmentation/segmenter.h"
#include "core/checkpoint/state_dict.h"

#include <torch/torch.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace instyle;
namespace F = torch::nn::functional;

namespace {

// Max |a − b| relative to the reference's scale (at least 1).
double maxError(const at::Tensor& a, const at::Tensor& b) {
    return (a - b).abs().max().item<double>() / std::max(1.0, b.abs().max().item<double>());
}

}  // namespace

class TestSegModels : public QObject {
    Q_OBJECT

    QTemporaryDir fixtures_;
    bool haveFixtures_ = false;

    QString fixture(const char* name) const { return fixtures_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        at::set_num_threads(2);
        if (!test::pythonHasTorch()) return;
        auto r = test::runProcess(test::pythonPath(),
                                  {test::testSource("reference/fcn_reference.py"), "torchvision", fixtures_.path()}, 300000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        haveFixtures_ = true;
    }

    void keysMatchManifest_data() {
        QTest::addColumn<QString>("manifest");
        QTest::newRow("resnet34") << "resnet34.manifest.tsv";
        QTest::newRow("fcn_resnet50 (with aux head)") << "fcn_resnet50.manifest.tsv";
    }

    void keysMatchManifest() {
        QFETCH(QString, manifest);
        const auto rows = test::readManifest(manifest);
        if (rows.isEmpty()) QSKIP(qPrintable("shared/models/" + manifest + " is absent"));
        std::shared_ptr<torch::nn::Module> model;
        if (manifest.startsWith("resnet34")) {
            ResNetOptions o;
            o.withClassifier = true;
            model = std::make_shared<ResNetImpl>(o);
        } else {
            FcnResNetOptions o;
            o.auxHead = true;
            model = std::make_shared<FcnResNetImpl>(o);
        }
        const QString difference = test::manifestDifference(moduleStateDict(*model), rows);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    void fcnResNet50MatchesTorchvision() {
        if (!haveFixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision");
        const std::string file = fixture("fcn_resnet50.pth").toStdString();
        const StateDict io = readCheckpoint(fixture("fcn_resnet50_io.pt").toStdString());
        const StateDict weights = readCheckpoint(file);
        torch::NoGradGuard noGrad;

        FcnResNetOptions o;
        o.auxHead = true;
        FcnResNet withAux(o);
        loadSegmentationWeights(*withAux, weights, file);
        withAux->eval();
        const auto out = withAux->forward(io["x"]);
        QCOMPARE(out.sizes().vec(), io["out"].sizes().vec());
        QCOMPARE(out.size(2), 67);
        const double err = maxError(out, io["out"]), errAux = maxError(withAux->forwardAux(io["x"]), io["aux"]);
        qInfo("fcn_resnet50: max |instyle - torchvision| = %.3g (out), %.3g (aux); max |out| = %.3g", err, errAux,
              io["out"].abs().max().item<double>());
        QVERIFY(err <= 1e-4);
        QVERIFY(errAux <= 1e-4);

        // The app's segmenter has no aux head: the file's aux_classifier.* are skipped.
        auto plain = createSegmentationModel("fcn_resnet50");
        loadSegmentationWeights(*plain, weights, file);
        Segmenter segmenter(plain);
        const auto seg = segmenter.segmentNormalized(io["x"]);
        QVERIFY(maxError(seg.scores, io["out"]) <= 1e-4);
        // Each pixel's label is torchvision's argmax, except where two classes tie within the score
        // tolerance (random weights make near ties; which one wins then depends on float rounding):
        // there the label we chose must score within twice the tolerance of torchvision's best.
        const auto ref = io["out"].squeeze(0);
        const auto refAtOurs = ref.gather(0, seg.labels.to(torch::kLong).unsqueeze(0)).squeeze(0);
        const double worstChoice = (std::get<0>(ref.max(0)) - refAtOurs).max().item<double>();
        QVERIFY2(worstChoice <= 2e-4, qPrintable(QString("a label scores %1 below the best").arg(worstChoice)));
    }

    void fcn8sMatchesPythonReference() {
        if (!haveFixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision");
        torch::manual_seed(7);
        Fcn8sResNet34 model;
        const std::string backboneFile = fixture("resnet34.pth").toStdString();
        model->loadBackbone(readCheckpoint(backboneFile), backboneFile);  // torchvision file, fc ignored
        model->eval();
        const auto x = torch::randn({1, 3, 45, 71});
        StateDict dict = moduleStateDict(*model);
        dict.insert("input", x);
        const QString in = fixture("fcn8s_in.pt"), out = fixture("fcn8s_out.pt");
        writeCheckpoint(in.toStdString(), dict);
        auto r = test::runProcess(test::pythonPath(), {test::testSource("reference/fcn_reference.py"), "fcn8s", in, out}, 300000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const auto ref = readCheckpoint(out.toStdString())["out"];
        torch::NoGradGuard noGrad;
        const auto ours = model->forward(x);
        QCOMPARE(ours.sizes().vec(), (std::vector<int64_t>{1, 21, 45, 71}));
        const double err = maxError(ours, ref);
        qInfo("fcn8s_resnet34: max |instyle - python| / max(1, max|ref|) = %.3g; max |ref| = %.3g", err,
              ref.abs().max().item<double>());
        QVERIFY(err <= 1e-4);
    }

    void classificationFileIsNotASegmenter() {
        if (!haveFixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision");
        const std::string file = fixture("resnet34.pth").toStdString();
        Fcn8sResNet34 model;
        try {
            loadSegmentationWeights(*model, readCheckpoint(file), file);
            QFAIL("a bare ResNet file was accepted as a segmenter");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::Model);
            QVERIFY2(QString(e.what()).contains("--backbone"), e.what());
        }
    }

    void anySizeGivesSameSizeOutput_data() {
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::newRow("32x32") << 32 << 32;
        QTest::newRow("33x47") << 33 << 47;
        QTest::newRow("17x100") << 17 << 100;
        QTest::newRow("64x96") << 64 << 96;
    }

    void anySizeGivesSameSizeOutput() {
        QFETCH(int, height);
        QFETCH(int, width);
        torch::NoGradGuard noGrad;
        Fcn8sResNet34 fcn8s;
        fcn8s->eval();
        QCOMPARE(fcn8s->forward(torch::randn({2, 3, height, width})).sizes().vec(),
                 (std::vector<int64_t>{2, 21, height, width}));
        FcnResNet fcn50;
        fcn50->eval();
        QCOMPARE(fcn50->forward(torch::randn({1, 3, height, width})).sizes().vec(),
                 (std::vector<int64_t>{1, 21, height, width}));
    }

    void bilinearInitUpsamples_data() {
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("padding");
        QTest::newRow("up2 (4, 2, 1)") << 4 << 2 << 1;
        QTest::newRow("up8 (16, 8, 4)") << 16 << 8 << 4;
    }

    void bilinearInitUpsamples() {
        QFETCH(int, kernel);
        QFETCH(int, stride);
        QFETCH(int, padding);
        // The network's own layers carry this init (checked against the helper first).
        Fcn8sResNet34 model;
        const auto params = model->named_parameters();
        const auto w = bilinearUpsamplingWeight(21, kernel);
        QVERIFY(params[stride == 2 ? "up2a.weight" : "up8.weight"].equal(w));
        if (stride == 2) QVERIFY(params["up2b.weight"].equal(w));
        // Channels stay separate.
        QCOMPARE(w.sum({2, 3}).count_nonzero().item<int64_t>(), int64_t(21));

        torch::NoGradGuard noGrad;
        const int64_t n = 9;
        auto ii = torch::arange(n, torch::kFloat64).view({n, 1}).expand({n, n});
        auto jj = torch::arange(n, torch::kFloat64).view({1, n}).expand({n, n});
        // Per channel: a constant (c) and a linear ramp (c + 0.5 i − 0.25 j).
        std::vector<at::Tensor> channels;
        for (int c = 0; c < 21; ++c)
            channels.push_back(c % 2 ? torch::full({n, n}, double(c), torch::kFloat64) : c + 0.5 * ii - 0.25 * jj);
        const auto x = torch::stack(channels).unsqueeze(0);
        const auto up = F::conv_transpose2d(x, w.to(torch::kFloat64), F::ConvTranspose2dFuncOptions().stride(stride).padding(padding));
        QCOMPARE(up.sizes().vec(), (std::vector<int64_t>{1, 21, n * stride, n * stride}));
        const auto ref = F::interpolate(x, F::InterpolateFuncOptions()
                                               .size(std::vector<int64_t>{n * stride, n * stride})
                                               .mode(torch::kBilinear)
                                               .align_corners(false));
        // Away from the border (where the transposed conv sees zero padding and interpolate
        // clamps), bilinear upsampling of constants and ramps is exact.
        const int64_t m = stride;
        const auto inner = [&](const at::Tensor& t) { return t.narrow(2, m, n * stride - 2 * m).narrow(3, m, n * stride - 2 * m); };
        const double err = (inner(up) - inner(ref)).abs().max().item<double>();
        QVERIFY2(err < 1e-12, qPrintable(QString::number(err)));
    }

    void segmenterScalesDownLargeImages() {
        torch::manual_seed(3);
        auto model = createSegmentationModel("fcn8s_resnet34");
        SegmenterOptions o;
        o.maxLongSide = 64;
        Segmenter segmenter(model, o);
        const auto rgb = torch::randint(0, 256, {80, 100, 3}, torch::kUInt8);
        const auto seg = segmenter.segment(rgb);
        QCOMPARE(seg.scores.sizes().vec(), (std::vector<int64_t>{1, 21, 80, 100}));
        QCOMPARE(seg.labels.sizes().vec(), (std::vector<int64_t>{80, 100}));
        QVERIFY(seg.labels.equal(seg.scores.argmax(1).squeeze(0).to(torch::kUInt8)));
        // The network saw 64x51 (long side 64, aspect kept); scores were upsampled back.
        torch::NoGradGuard noGrad;
        model->eval();
        auto x = torch::randn({1, 3, 80, 100});
        auto small = F::interpolate(x, F::InterpolateFuncOptions().size(std::vector<int64_t>{51, 64}).mode(torch::kArea));
        auto expected = F::interpolate(model->forward(small), F::InterpolateFuncOptions()
                                                                  .size(std::vector<int64_t>{80, 100})
                                                                  .mode(torch::kBilinear)
                                                                  .align_corners(false));
        QVERIFY(maxError(segmenter.segmentNormalized(x).scores, expected) < 1e-5);
        QVERIFY_THROWS_EXCEPTION(Error, createSegmentationModel("fcn_vgg16"));
    }
};

QTEST_GUILESS_MAIN(TestSegModels)
#include "tst_segmodels.moc"
