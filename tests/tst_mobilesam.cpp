// MobileSAM (engine/core/mobile_sam.*, sam_predictor.*): key-for-key equality with the official
// file's manifest, parity with an independent PyTorch reference of the official code
// (tests/reference/sam_reference.py) on random weights saved in the official layout, prompt
// parsing and checks, and refusal of truncated, hostile and other-architecture files.

#include "manifest_check.h"
#include "sam_fixture.h"
#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/sam/mobile_sam.h"
#include "core/checkpoint/pickle_reader.h"
#include "core/sam/sam_predictor.h"
#include "core/kernels/conv_tuner.h"
#include "core/base/runtime.h"
#include "core/checkpoint/state_dict.h"

#include <torch/torch.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace instyle;

namespace {

double relError(const at::Tensor& a, const at::Tensor& b) {
    const auto x = a.to(torch::kDouble), y = b.to(torch::kDouble);
    return ((x - y).norm() / y.norm().clamp_min(1e-30)).item<double>();
}

QString errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

// requireReference() returns from itself only on a failure or a skip.
#define REQUIRE_REFERENCE()                                           \
    do {                                                              \
        requireReference();                                           \
        if (QTest::currentTestFailed() || !made_) return;             \
    } while (false)

class TestMobileSam : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    bool made_ = false;
    std::unique_ptr<SamPredictor> predictor_;
    StateDict ref_;
    SamEmbedding embedding_;

    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

    // Runs sam_reference.py once: random weights in the official layout, a photo, expected tensors.
    void requireReference() {
        if (!test::pythonHasTorch()) QSKIP(INSTYLE_PYTHON " lacks torch (install python3-torch)");
        if (!made_) {
            auto r = test::runProcess(test::pythonPath(),
                                      {test::testSource("reference/sam_reference.py"), "make", "--out", dir_.path(),
                                       "--seed", "5", "--height", "300", "--width", "400"},
                                      600000);
            QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
            qInfo().noquote() << QString::fromUtf8(r.out.trimmed());
            ref_ = readCheckpoint(path("ref.pt"));
            predictor_ = std::make_unique<SamPredictor>(SamPredictor::fromFile(path("weights.pt")));
            const auto size = ref_["original_size"];
            embedding_ = predictor_->encodeResized(ref_["resized"], size[0].item<int64_t>(), size[1].item<int64_t>());
            made_ = true;
        }
    }

    SamPrompt promptOf(const std::string& c) const {
        SamPrompt prompt;
        const auto points = ref_[c + ".points"].to(torch::kDouble);
        const auto labels = ref_[c + ".labels"];
        for (int64_t i = 0; i < points.size(0); ++i)
            prompt.points.push_back({points[i][0].item<double>(), points[i][1].item<double>(), labels[i].item<int64_t>() == 1});
        if (const auto* box = ref_.find(c + ".box")) {
            const auto b = box->to(torch::kDouble).reshape({4});
            prompt.box = SamBox{b[0].item<double>(), b[1].item<double>(), b[2].item<double>(), b[3].item<double>()};
        }
        return prompt;
    }

private Q_SLOTS:
    void initTestCase() { configureThreads(2); }  // as the applications: one-thread BLAS, split products

    // First, before any encode in this process has measured (and remembered in memory) the layouts.
    void layoutsAreMeasuredOnceThenRemembered() {
        const std::string weights = path("fixture.pt");
        QVERIFY(test::writeMobileSamFixture(QString::fromStdString(weights)));
        const SamPredictor predictor = SamPredictor::fromFile(weights);
        const std::string cache = path("conv-choices.tsv");
        const SamLayouts first = predictor.chooseLayouts(MemoryLayout::Auto, cache);
        qInfo("%s: %.2f s measuring", first.summary.c_str(), first.secondsTuning);
        QVERIFY(first.secondsTuning > 0);
        QVERIFY(first.summary.find("measured") != std::string::npos);
        QCOMPARE(predictor.model().imageEncoder->convStageLayout(), first.convStage);
        QCOMPARE(predictor.model().imageEncoder->tokenStagesLayout(), first.tokenStages);
        QFile file(QString::fromStdString(cache));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("mobile_sam.conv_stage|"));
        QVERIFY(text.contains("mobile_sam.token_stages|"));
        const SamLayouts again = predictor.chooseLayouts(MemoryLayout::Auto, cache);
        QCOMPARE(again.secondsTuning, 0.0);
        QVERIFY(again.summary.find("remembered") != std::string::npos);
        QCOMPARE(again.text(), first.text());
        const SamLayouts forced = predictor.chooseLayouts(MemoryLayout::Nhwc, cache);
        QCOMPARE(forced.text(), std::string("nhwc/nhwc"));
        QCOMPARE(forced.secondsTuning, 0.0);
    }

    void keysAndShapesEqualTheOfficialManifest() {
        const auto rows = test::readManifest("mobile_sam.manifest.tsv");
        if (rows.isEmpty()) QSKIP("../shared/models/mobile_sam.manifest.tsv is absent");
        const StateDict ours = moduleStateDict(MobileSam(0));
        QCOMPARE(static_cast<int>(ours.size()), 439);
        const QString difference = test::manifestDifference(ours, rows);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        int64_t parameters = 0;
        for (const auto& item : ours)
            if (item.value().is_floating_point()) parameters += item.value().numel();
        QVERIFY2(parameters > 10'000'000 && parameters < 10'300'000, qPrintable(QString::number(parameters)));
    }

    void promptParsingAndChecks() {
        const SamPoint p = parseSamPoint("120.5,80:0");
        QCOMPARE(p.x, 120.5);
        QCOMPARE(p.y, 80.0);
        QVERIFY(!p.include);
        QVERIFY(parseSamPoint("3,4").include);
        QVERIFY(parseSamPoint("3,4:1").include);
        QCOMPARE(QString::fromStdString(samPointText(p)), QStringLiteral("120.5,80:0"));
        const SamBox b = parseSamBox("10,20,300,400");
        QCOMPARE(QString::fromStdString(samBoxText(b)), QStringLiteral("10,20,300,400"));
        for (const char* bad : {"", "1", "1,2,3", "a,b", "1,2:2", "1,,2", "1,2:", "nan,1"})
            QVERIFY2(errorOf([&] { parseSamPoint(bad); }).contains(QString::fromUtf8(bad)), bad);
        for (const char* bad : {"1,2,3", "1,2,3,4,5", "1,2,x,4"})
            QVERIFY2(errorOf([&] { parseSamBox(bad); }).contains(QString::fromUtf8(bad)), bad);

        SamPrompt prompt;
        QVERIFY(errorOf([&] { checkSamPrompt(prompt, 100, 50); }).contains("no MobileSAM prompt"));
        prompt.points.push_back({100, 50, true});  // the far corner: inside
        QVERIFY(errorOf([&] { checkSamPrompt(prompt, 100, 50); }).isEmpty());
        prompt.points.push_back({2000, 10, true});
        QCOMPARE(errorOf([&] { checkSamPrompt(prompt, 100, 50); }), QStringLiteral("--point 2000,10: outside the 100x50 photo"));
        prompt.points.pop_back();
        prompt.box = SamBox{10, 10, 10, 40};
        QVERIFY(errorOf([&] { checkSamPrompt(prompt, 100, 50); }).contains("empty box"));
        prompt.box = SamBox{10, 10, 30, 60};
        QVERIFY(errorOf([&] { checkSamPrompt(prompt, 100, 50); }).contains("outside"));
    }

    void preprocessShapeRoundsHalfUp() {
        QCOMPARE(SamPredictor::preprocessShape(300, 400), (std::pair<int64_t, int64_t>{768, 1024}));
        QCOMPARE(SamPredictor::preprocessShape(2000, 3000), (std::pair<int64_t, int64_t>{683, 1024}));  // 682.67
        QCOMPARE(SamPredictor::preprocessShape(1024, 512), (std::pair<int64_t, int64_t>{1024, 512}));
    }

    void embeddingMatchesTheReference() {
        REQUIRE_REFERENCE();
        const double e = relError(embedding_.features, ref_["embedding"]);
        qInfo("embedding rel L2 %.3g", e);
        QVERIFY2(e < 1e-4, qPrintable(QString::number(e)));
        QCOMPARE(embedding_.inputHeight, ref_["input_size"][0].item<int64_t>());
        QCOMPARE(embedding_.inputWidth, ref_["input_size"][1].item<int64_t>());
    }

    // Every combination of the encoder's layouts computes the same embedding.
    void everyLayoutGivesTheReferenceEmbedding() {
        REQUIRE_REFERENCE();
        auto model = std::make_shared<MobileSam>(0);
        model->loadOfficial(readCheckpoint(path("weights.pt")), path("weights.pt"));
        const SamPredictor predictor(model);
        predictor.chooseLayouts(MemoryLayout::Nchw);
        const auto size = ref_["original_size"];
        using L = MemoryLayout;
        for (const auto& [conv, tokens] : {std::pair{L::Nchw, L::Nchw}, std::pair{L::Nhwc, L::Nhwc},
                                           std::pair{L::Nchw, L::Nhwc}, std::pair{L::Nhwc, L::Nchw}}) {
            model->imageEncoder->setLayouts(conv, tokens);
            const SamEmbedding e =
                predictor.encodeResized(ref_["resized"], size[0].item<int64_t>(), size[1].item<int64_t>());
            const double toReference = relError(e.features, ref_["embedding"]);
            const double toDefault = relError(e.features, embedding_.features);
            qInfo("%s/%s: rel L2 %.3g to the reference, %.3g to the chosen layouts'", layoutName(conv).c_str(),
                  layoutName(tokens).c_str(), toReference, toDefault);
            QVERIFY(toReference < 1e-4);
            QVERIFY(toDefault < 1e-5);
            QVERIFY(e.features.is_contiguous());
        }
    }

    void ourResizeIsWithinOneLevelOfPils() {
        REQUIRE_REFERENCE();
        const auto photo = predictor_ ? ref_.find("photo") : nullptr;
        if (!photo) QSKIP("ref.pt has no photo tensor");
        const auto ours = SamPredictor::resizeLongestSide(*photo).to(torch::kInt);
        const auto theirs = ref_["resized"].to(torch::kInt);
        QCOMPARE(ours.sizes(), theirs.sizes());
        const auto diff = (ours - theirs).abs();
        const double off = diff.gt(0).to(torch::kDouble).mean().item<double>();
        qInfo("resize: max |diff| %d, %.3f %% of values differ", diff.max().item<int>(), 100 * off);
        QVERIFY(diff.max().item<int>() <= 1);
        QVERIFY(off < 0.05);
    }

    void decodesMatchTheReference() {
        REQUIRE_REFERENCE();
        int cases = 0;
        for (int k = 0; ref_.contains("c" + std::to_string(k) + ".low_res"); ++k, ++cases) {
            const std::string c = "c" + std::to_string(k);
            const SamPrompt prompt = promptOf(c);
            const at::Tensor* mask = ref_.find(c + ".mask_input");
            const bool multimask = ref_[c + ".multimask"].item<int64_t>() != 0;
            const SamMasks out = predictor_->decode(embedding_, prompt, mask ? *mask : at::Tensor(), multimask);
            const double eLow = relError(out.lowResLogits, ref_[c + ".low_res"]);
            const auto iouRef = ref_[c + ".iou"].to(torch::kDouble).reshape({-1});
            const auto iou = torch::tensor(out.iouPredictions, torch::kDouble);
            const double eIou = relError(iou, iouRef);
            const auto masksRef = ref_[c + ".masks"].to(torch::kBool);
            QCOMPARE(out.masks.sizes(), masksRef.sizes());
            const double differ = out.masks.ne(masksRef).to(torch::kDouble).mean().item<double>();
            qInfo("%s: %d masks, low-res rel %.3g, iou rel %.3g, %.4f %% mask pixels differ", c.c_str(),
                  static_cast<int>(out.masks.size(0)), eLow, eIou, 100 * differ);
            QVERIFY2(eLow < 1e-4, c.c_str());
            QVERIFY2(eIou < 1e-4, c.c_str());
            QVERIFY2(differ <= 0.001, c.c_str());
            if (multimask) QCOMPARE(out.best, static_cast<int>(iouRef.argmax().item<int64_t>()));
        }
        QVERIFY(cases >= 5);
    }

    void truncatedHostileAndForeignFilesAreRefusedNamingTheFile() {
        const std::string weights = path("fixture.pt");
        QVERIFY(test::writeMobileSamFixture(QString::fromStdString(weights)));
        QVERIFY(errorOf([&] { SamPredictor::fromFile(weights); }).isEmpty());
        std::ifstream in(weights, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string truncated = path("truncated.pt");
        std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        QVERIFY(errorOf([&] { SamPredictor::fromFile(truncated); }).contains(QString::fromStdString(truncated)));

        const std::string garbage = path("garbage.pt");
        std::ofstream(garbage, std::ios::binary) << "PK\x03\x04 not really a zip";
        QVERIFY(errorOf([&] { SamPredictor::fromFile(garbage); }).contains(QString::fromStdString(garbage)));

        StateDict sd = readCheckpoint(weights);
        StateDict foreign;  // another architecture: no image_encoder.* at all
        foreign.insert("features.0.weight", torch::zeros({64, 3, 3, 3}));
        MobileSam model(0);
        QVERIFY(errorOf([&] { model.loadOfficial(foreign, "vgg.pth"); }).contains("not a MobileSAM file"));
        StateDict missing;
        for (const auto& item : sd)
            if (item.key() != "mask_decoder.iou_token.weight") missing.insert(item.key(), item.value());
        const QString m = errorOf([&] { model.loadOfficial(missing, "cut.pt"); });
        QVERIFY2(m.contains("cut.pt") && m.contains("mask_decoder.iou_token.weight"), qPrintable(m));
    }

    void multimaskOnlyForOnePointWithoutBox() {
        const std::string weights = path("fixture.pt");
        QVERIFY(test::writeMobileSamFixture(QString::fromStdString(weights)));
        const SamPredictor predictor = SamPredictor::fromFile(weights);
        const SamEmbedding embedding = predictor.encode(torch::randint(0, 256, {60, 80, 3}, torch::kUInt8));
        QCOMPARE(embedding.features.sizes(), (torch::IntArrayRef{1, 256, 64, 64}));
        QCOMPARE(embedding.inputHeight, 768);
        QCOMPARE(embedding.inputWidth, 1024);
        SamPrompt one;
        one.points.push_back({50, 40, true});
        const SamMasks three = predictor.decodeOnce(embedding, one);
        QCOMPARE(three.masks.sizes(), (torch::IntArrayRef{3, 60, 80}));
        QCOMPARE(static_cast<int>(three.iouPredictions.size()), 3);
        SamPrompt two = one;
        two.points.push_back({60, 40, false});
        const SamMasks m = predictor.decodeOnce(embedding, two);
        QCOMPARE(m.masks.size(0), 1);
        QCOMPARE(m.best, 0);
        QCOMPARE(m.lowResLogits.sizes(), (torch::IntArrayRef{1, 256, 256}));
    }
};

QTEST_GUILESS_MAIN(TestMobileSam)
#include "tst_mobilesam.moc"
