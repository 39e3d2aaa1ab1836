// MiDaS v2.1 small and the depth loss: the official key scheme, forward and loss/gradient parity
// with an independent PyTorch implementation (tests/reference/midas_reference.py) on the same
// random weights, finite differences, θ = 0 ≡ no depth, determinism, the TorchScript contract.
// Weights are random: nothing here says anything about depth quality.

#include "manifest_check.h"
#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/style/depth_loss.h"
#include "core/nets/depth_model.h"
#include "core/base/error.h"
#include "core/nets/image_tensor.h"
#include "core/style/loss_evaluator.h"
#include "core/nets/midas_small.h"
#include "core/checkpoint/state_dict.h"
#include "core/style/stylizer.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace instyle;

namespace {

// The same scheme as midas_reference.py's randomize(): activations stay O(1) through the
// network, batch-norm statistics are non-trivial, the output bias keeps the final ReLU open.
void randomize(MidasSmall& net, uint64_t seed) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(seed);
    for (auto& item : moduleStateDict(*net)) {
        const std::string& name = item.key();
        torch::Tensor t = item.value();
        auto ends = [&](const std::string& s) {
            return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
        };
        if (ends("num_batches_tracked")) t.fill_(7);
        else if (ends("running_mean")) t.copy_(torch::randn(t.sizes()) * 0.1);
        else if (ends("running_var")) t.copy_(torch::rand(t.sizes()) + 0.5);
        else if (t.dim() == 1 && ends("bias")) t.copy_(torch::randn(t.sizes()) * 0.05);
        else if (t.dim() == 1) t.copy_(torch::rand(t.sizes()) * 0.5 + 0.5);
        else t.copy_(torch::randn(t.sizes()) * std::sqrt(1.0 / static_cast<double>(t.size(1) * t.size(2) * t.size(3))));
    }
    moduleStateDict(*net).find("scratch.output_conv.4.bias")->fill_(0.5);
    net->foldBatchNorms();  // the folded convolutions follow the new weights
}

// A MiDaS small in float64 (for finite differences) that counts its forward calls.
class TestDepthModel : public DepthModel {
public:
    explicit TestDepthModel(uint64_t seed, torch::Dtype dtype = torch::kFloat32) : net(seed) {
        randomize(net, seed);
        net->to(dtype);
        net->foldBatchNorms();  // folded in the network's own precision
    }
    at::Tensor forward(const at::Tensor& input) override {
        ++calls;
        return net->forward(input).unsqueeze(1);
    }
    void to(const c10::Device& device) override { net->to(device); }
    std::string description() const override { return "test MiDaS"; }

    MidasSmall net;
    int calls = 0;
};

double relativeError(const torch::Tensor& ours, const torch::Tensor& reference) {
    const double scale = reference.abs().max().item<double>();
    return (ours.to(torch::kFloat64) - reference.to(torch::kFloat64)).abs().max().item<double>() / std::max(scale, 1e-30);
}

StyleRequest tinyRequest(int iterations) {
    torch::manual_seed(21);
    StyleRequest r;
    r.content = torch::randn({1, 3, 32, 40}).clamp(-1.5, 1.5);
    r.styles.push_back({torch::randn({1, 3, 32, 32}).clamp(-1.5, 1.5), 1.0});
    r.schedule.iterations = iterations;
    r.depthSize = 32;
    return r;
}

}  // namespace

class TestMidas : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    bool referenceMade_ = false;
    QString referenceLog_;

    // Runs midas_reference.py once (random weights in the official format + expected tensors).
    void requireReference() {
        if (!test::pythonHasTorch()) QSKIP(INSTYLE_PYTHON " lacks torch (install python3-torch)");
        if (!referenceMade_) {
            auto r = test::runProcess(test::pythonPath(),
                                      {test::testSource("reference/midas_reference.py"), "make", "--out", dir_.path(),
                                       "--size", "64", "--height", "48", "--width", "40", "--seed", "3"},
                                      300000);
            QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
            referenceLog_ = QString::fromUtf8(r.out.trimmed());
            referenceMade_ = true;
        }
    }
    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(2); }

    void keysAndShapesEqualTheOfficialManifest() {
        const auto rows = test::readManifest("midas_v21_small_256.manifest.tsv");
        if (rows.isEmpty()) QSKIP("../shared/models/midas_v21_small_256.manifest.tsv is absent");
        const StateDict ours = moduleStateDict(*MidasSmall(0));
        QCOMPARE(static_cast<int>(ours.size()), 482);
        const QString difference = test::manifestDifference(ours, rows);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    void outputShapeAndInputChecks() {
        MidasSmall net(1);
        torch::NoGradGuard noGrad;
        QCOMPARE(net->forward(torch::zeros({2, 3, 64, 96})).sizes(), (torch::IntArrayRef{2, 64, 96}));
        QVERIFY_THROWS_EXCEPTION(Error, net->forward(torch::zeros({1, 3, 48, 64})));  // 48 % 32 != 0
        QVERIFY_THROWS_EXCEPTION(Error, net->forward(torch::zeros({1, 1, 64, 64})));
        for (const auto& p : net->parameters()) QVERIFY(!p.requires_grad());
        QVERIFY(!net->is_training());
    }

    void forwardIsDeterministic() {
        TestDepthModel a(5), b(5);
        torch::manual_seed(9);
        auto x = torch::randn({1, 3, 64, 64});
        torch::NoGradGuard noGrad;
        auto ya = a.forward(x), yb = b.forward(x);
        QVERIFY(torch::equal(ya, a.forward(x)));  // same model twice
        QVERIFY(torch::equal(ya, yb));            // same seed, separate models
        QVERIFY(ya.gt(0).any().item<bool>());
    }

    void forwardMatchesPythonReference() {
        requireReference();
        qInfo("reference: %s", qPrintable(referenceLog_));
        auto model = loadDepthModel(path("weights.pt"));  // the official format, strict loading
        QVERIFY(model->pretrained());
        const StateDict ref = readCheckpoint(path("ref.pt"));
        torch::NoGradGuard noGrad;
        auto out = model->forward(ref["input"]);
        QCOMPARE(out.sizes(), (torch::IntArrayRef{1, 1, 64, 64}));
        const double rel = relativeError(out.squeeze(1), ref["output"]);
        qInfo("forward: max |instyle - reference| / max |reference| = %.3g", rel);
        QVERIFY2(rel <= 1e-4, qPrintable(QString::number(rel)));
        QVERIFY(ref["output"].std().item<double>() > 1e-3);  // the fixture's output is not constant
    }

    void depthLossAndGradientMatchPythonReference() {
        requireReference();
        auto model = loadDepthModel(path("weights.pt"));
        const StateDict ref = readCheckpoint(path("ref.pt"));
        DepthLoss loss(model, ref["content"], DepthLossOptions{64, true});
        const double relTarget = relativeError(loss->target(), ref["depth_content"]);
        QVERIFY2(relTarget <= 1e-4, qPrintable(QString::number(relTarget)));

        auto x = ref["image"].clone().requires_grad_(true);
        auto ld = loss->forward(x);
        ld.backward();
        const double expected = ref["loss"].item<double>();
        const double relLoss = std::abs(ld.item<double>() - expected) / expected;
        const double relGrad = relativeError(x.grad(), ref["grad"]);
        qInfo("Ld instyle %.8g reference %.8g (rel %.2e); dLd/dx rel %.2e", ld.item<double>(), expected, relLoss, relGrad);
        QVERIFY(expected > 0);
        QVERIFY2(relLoss <= 1e-4, qPrintable(QString::number(relLoss)));
        QVERIFY2(relGrad <= 1e-4, qPrintable(QString::number(relGrad)));
    }

    // The encoder's BatchNorms are folded into its convolutions when weights load: new running
    // statistics must change the output (a fold kept from the old weights would not), and the
    // folded network computes what the unfolded formula does (the Python reference test above).
    void batchNormsAreFoldedAgainOnEveryLoad() {
        MidasSmall net(0);
        torch::manual_seed(9);
        const auto x = torch::randn({1, 3, 64, 64});
        torch::NoGradGuard noGrad;
        const auto before = net->forward(x);
        StateDict sd, changed;  // copies: moduleStateDict's tensors are the module's own
        for (const auto& item : moduleStateDict(*net)) {
            const bool stem = item.key() == "pretrained.layer1.1.running_mean";
            sd.insert(item.key(), item.value().clone());
            changed.insert(item.key(), stem ? item.value() + 0.5 : item.value().clone());
        }
        net->loadOfficial(changed, "changed.pt");
        const auto after = net->forward(x);
        QVERIFY(!torch::allclose(before, after));
        net->loadOfficial(sd, "original.pt");
        QVERIFY(torch::allclose(net->forward(x), before, 1e-6, 1e-7));
    }

    void strictLoadingNamesTheKey() {
        requireReference();
        StateDict sd = readCheckpoint(path("weights.pt"));
        StateDict broken;
        for (const auto& item : sd)
            if (item.key() != "scratch.refinenet2.out_conv.bias") broken.insert(item.key(), item.value());
        MidasSmall net(0);
        try {
            net->loadOfficial(broken, "broken.pt");
            QFAIL("a missing key was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::Model);
            QVERIFY2(QString(e.what()).contains("scratch.refinenet2.out_conv.bias"), e.what());
        }
    }

    void gradientMatchesFiniteDifferences() {
        // Float64 MiDaS on a tiny image (S = 32: the stride-32 features are 1x1).
        auto model = std::make_shared<TestDepthModel>(13, torch::kFloat64);
        torch::manual_seed(17);
        auto content = torch::randn({1, 3, 20, 24}, torch::kFloat64);
        auto x0 = content + 0.3 * torch::randn_like(content);
        DepthLoss loss(model, content, DepthLossOptions{32, true});
        auto x = x0.clone().requires_grad_(true);
        loss->forward(x).backward();
        const auto grad = x.grad().clone();
        QVERIFY(grad.abs().max().item<double>() > 0);

        // The largest components and a few fixed ones.
        auto flat = grad.abs().flatten();
        std::vector<int64_t> picks;
        auto top = std::get<1>(flat.topk(3));
        for (int i = 0; i < 3; ++i) picks.push_back(top[i].item<int64_t>());
        for (int64_t p : {77L, 1439L}) picks.push_back(p);
        const double eps = 1e-5;
        torch::NoGradGuard noGrad;
        for (int64_t p : picks) {
            auto plus = x0.clone(), minus = x0.clone();
            plus.view(-1)[p] += eps;
            minus.view(-1)[p] -= eps;
            const double fd = (loss->forward(plus).item<double>() - loss->forward(minus).item<double>()) / (2 * eps);
            const double an = grad.view(-1)[p].item<double>();
            const double scale = grad.abs().max().item<double>();
            QVERIFY2(std::abs(fd - an) <= 1e-5 * scale + 1e-12,
                     qPrintable(QString("component %1: analytic %2, finite difference %3").arg(p).arg(an).arg(fd)));
        }
    }

    void thetaZeroIsExactlyTheNoDepthResult() {
        std::atomic_bool cancel{false};
        auto r = tinyRequest(3);
        r.weights.theta = 0;
        const auto without = Stylizer(Vgg19Features(4)).run(r, {}, cancel);
        auto model = std::make_shared<TestDepthModel>(6);
        const auto with = Stylizer(Vgg19Features(4), model).run(r, {}, cancel);
        QVERIFY(torch::equal(with.image, without.image));
        QCOMPARE(with.lossLast.total, without.lossLast.total);
        QCOMPARE(with.lossLast.depth, 0.0);
        QCOMPARE(model->calls, 0);  // the network never ran: θ = 0 costs nothing

        r.weights.theta = 1e4;
        const auto depthOn = Stylizer(Vgg19Features(4), model).run(r, {}, cancel);
        QVERIFY(model->calls > 0);
        QVERIFY(depthOn.lossLast.depth > 0);
        QVERIFY(!torch::equal(depthOn.image, without.image));
        QCOMPARE(depthOn.lossFirst.depth, 0.0);  // the first iterate is the content image itself
    }

    void evaluatorAddsThetaTimesLd() {
        auto model = std::make_shared<TestDepthModel>(6);
        auto r = tinyRequest(0);
        torch::manual_seed(2);
        auto x = r.content + 0.2 * torch::randn_like(r.content);
        LossEvaluator plain(Vgg19Features(4), r.content, r.styles, r.layers, r.laplacian);
        LossEvaluator depth(Vgg19Features(4), r.content, r.styles, r.layers, r.laplacian, model, {32, true});
        const LossWeights w{1, 1, 1e4, 1e2};
        const auto [t0, a] = plain.evaluate(x, w);
        const auto [t1, b] = depth.evaluate(x, w);
        DepthLoss direct(model, r.content, DepthLossOptions{32, true});
        const double ld = direct->forward(x).item<double>();
        QVERIFY(ld > 0);
        QCOMPARE(b.depth, ld);
        QVERIFY(std::abs(b.total - (a.total + 1e4 * ld)) <= 1e-5 * b.total);
    }

    void depthInputSizeFollowsTheOfficialTransform_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("netWidth");
        QTest::addColumn<int>("netHeight");
        // scale = min(256/w, 256/h); each side round(s·x / 32)·32, floored when above 256.
        QTest::newRow("640x480") << 640 << 480 << 256 << 192;
        QTest::newRow("480x640") << 480 << 640 << 192 << 256;
        QTest::newRow("300x200") << 300 << 200 << 256 << 160;   // 170.7 → 5.33 → 160
        QTest::newRow("256x256") << 256 << 256 << 256 << 256;
        QTest::newRow("100x100") << 100 << 100 << 256 << 256;   // upscaled
        QTest::newRow("1000x100") << 1000 << 100 << 256 << 32;  // 25.6 → 32
        QTest::newRow("1000x10") << 1000 << 10 << 256 << 32;    // never below one multiple
    }

    void depthInputSizeFollowsTheOfficialTransform() {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, netWidth);
        QFETCH(int, netHeight);
        const auto [w, h] = depthInputSize(width, height);
        QCOMPARE(w, static_cast<int64_t>(netWidth));
        QCOMPARE(h, static_cast<int64_t>(netHeight));
    }

    void estimateDepthIsAtImageSize() {
        TestDepthModel model(8);
        auto image = torch::randn({1, 3, 45, 70});
        auto d = estimateDepth(model, image);
        QCOMPARE(d.sizes(), (torch::IntArrayRef{1, 1, 45, 70}));
        QCOMPARE(model.calls, 1);
        QVERIFY(!d.requires_grad());
    }

    void torchScriptDepthModelFollowsTheContract() {
        // A user model: inverse depth = sigmoid of a fixed mix of the channels, 1xHxW.
        torch::jit::Module m("UserDepth");
        m.register_parameter("mix", torch::tensor({0.3f, -0.2f, 0.5f}).reshape({1, 3, 1, 1}), false);
        m.define(R"(
def forward(self, x):
    return torch.sigmoid((x * self.mix).sum(1))
)");
        const std::string file = path("user_depth.pt");
        m.save(file);
        auto model = loadDepthModel(file);
        QVERIFY(QString::fromStdString(model->description()).contains("TorchScript"));
        torch::manual_seed(3);
        auto content = torch::randn({1, 3, 24, 28});
        DepthLoss loss(model, content, DepthLossOptions{32, true});
        auto x = (content + 0.5 * torch::randn_like(content)).requires_grad_(true);
        auto ld = loss->forward(x);
        ld.backward();
        QVERIFY(ld.item<double>() > 0);
        QVERIFY(x.grad().abs().max().item<double>() > 0);

        // Against the same computation written out here.
        namespace F = torch::nn::functional;
        auto depthOf = [&](const torch::Tensor& img) {
            auto s = F::interpolate(img, F::InterpolateFuncOptions().size(std::vector<int64_t>{32, 32}).mode(torch::kBilinear).align_corners(false));
            auto d = torch::sigmoid((s * torch::tensor({0.3f, -0.2f, 0.5f}).reshape({1, 3, 1, 1})).sum(1, true));
            return F::interpolate(d, F::InterpolateFuncOptions().size(std::vector<int64_t>{24, 28}).mode(torch::kBicubic).align_corners(false));
        };
        const double expected = (depthOf(content) - depthOf(x.detach())).pow(2).mean().item<double>();
        QVERIFY(std::abs(ld.item<double>() - expected) <= 1e-6 * expected);
    }

    void cliWritesDepthMaps() {
        const QString cli = test::cliPath();
        if (!QFileInfo::exists(cli)) QSKIP("instyle-cli is not built");
        // Fixture weights written in the official format by instyle's own checkpoint writer.
        TestDepthModel model(12);
        writeCheckpoint(path("cli_weights.pt"), moduleStateDict(*model.net));
        const QString image = dir_.filePath("photo.png"), out = dir_.filePath("depth.png");
        test::writeTestImage(image, 70, 45, 4);
        auto r = test::runProcess(cli, {"depth", "--image", image, "--midas", dir_.filePath("cli_weights.pt"), "--out",
                                        out, "--json", "--threads", "2"});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const auto json = QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
        QVERIFY2(!json.isEmpty(), r.out.constData());

        QImage depth(out);
        QCOMPARE(depth.format(), QImage::Format_Grayscale16);
        QCOMPARE(depth.size(), QSize(70, 45));
        QImage preview(dir_.filePath("depth.preview.png"));
        QCOMPARE(preview.size(), QSize(70, 45));
        QCOMPARE(json.value("network_size").toArray().at(0).toInt(), 256);  // 70x45 fits 256x160
        QCOMPARE(json.value("network_size").toArray().at(1).toInt(), 160);

        // The same map computed here from the same pixels and weights.
        QImage rgb = QImage(image).convertToFormat(QImage::Format_RGB888);
        auto hwc = torch::empty({45, 70, 3}, torch::kUInt8);
        for (int y = 0; y < 45; ++y) std::memcpy(hwc[y].data_ptr(), rgb.constScanLine(y), 70 * 3);
        auto d = estimateDepth(model, normalizeRgb8(hwc));
        // Float32 rounding depends on how the convolutions split their sums over threads and SIMD
        // lanes (an AVX-512 CPU gave a 1.5e-5 relative difference in the minimum between 1 and 2
        // threads), and it scales with the map's magnitude, not with each statistic's own value.
        const double scale = d.abs().max().item<double>();
        for (const char* key : {"min", "max", "mean"}) {
            const double ours = key == std::string("min") ? d.min().item<double>()
                                : key == std::string("max") ? d.max().item<double>()
                                                            : d.mean().item<double>();
            const double cliValue = json.value(key).toDouble();
            QVERIFY2(std::abs(ours - cliValue) <= 1e-5 * scale,
                     qPrintable(QString("%1: cli %2, here %3").arg(key).arg(cliValue).arg(ours)));
        }
        // The 16-bit map spans the full range: its darkest pixel is the minimum depth.
        quint16 lo = 65535, hi = 0;
        for (int y = 0; y < 45; ++y)
            for (int x = 0; x < 70; ++x) {
                const quint16 v = reinterpret_cast<const quint16*>(depth.constScanLine(y))[x];
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        QCOMPARE(lo, quint16(0));
        QCOMPARE(hi, quint16(65535));

        auto bad = test::runProcess(cli, {"depth", "--image", image, "--out", out});
        QCOMPARE(bad.exitCode, 2);  // --midas missing: usage error
    }

    void depthSizeMustBeAMultipleOf32() {
        auto model = std::make_shared<TestDepthModel>(1);
        QVERIFY_THROWS_EXCEPTION(Error, DepthLoss(model, torch::zeros({1, 3, 16, 16}), DepthLossOptions{48, true}));
        std::atomic_bool cancel{false};
        auto r = tinyRequest(1);
        r.depthSize = 40;
        QVERIFY_THROWS_EXCEPTION(Error, Stylizer(Vgg19Features(4), model).run(r, {}, cancel));
    }
};

QTEST_GUILESS_MAIN(TestMidas)
#include "tst_midas.moc"
