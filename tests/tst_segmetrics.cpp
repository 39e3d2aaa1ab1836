// Segmentation metrics: one confusion matrix over several random label maps, checked against an
// independent numpy computation (FCN's reference formulas), including ignore pixels and classes
// absent from the ground truth, from the prediction, or from both; plus a hand-computed case.

#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/segmentation/segmentation_metrics.h"

#include <torch/torch.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace instyle;

namespace {

// The metrics are the same formulas; only the summation order of a few doubles can differ
// (numpy sums pairwise), so they agree to rounding: 1e-12 relative.
constexpr double kTolerance = 1e-12;

bool close(double a, double b) { return std::abs(a - b) <= kTolerance * std::max(1.0, std::abs(b)); }

}  // namespace

class TestSegMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void handComputed() {
        // 3 classes. truth / prediction over 6 counted pixels + 2 ignored:
        //   t: 0 0 1 1 1 2 255 255     p: 0 1 1 1 0 2 2 0
        // hist = [[1,1,0],[1,2,0],[0,0,1]]
        SegmentationMetrics m(3);
        m.add(torch::tensor({0, 0, 1, 1, 1, 2, 255, 255}), torch::tensor({0, 1, 1, 1, 0, 2, 2, 0}));
        const auto s = m.scores();
        QCOMPARE(s.images, int64_t(1));
        QCOMPARE(s.pixels, int64_t(6));
        QVERIFY(close(s.pixelAccuracy, 4.0 / 6.0));
        QVERIFY(close(s.meanClassAccuracy, (1.0 / 2 + 2.0 / 3 + 1.0) / 3));
        const double iou0 = 1.0 / 3, iou1 = 2.0 / 4, iou2 = 1.0;
        QVERIFY(close(*s.perClassIou[0], iou0));
        QVERIFY(close(*s.perClassIou[1], iou1));
        QVERIFY(close(*s.perClassIou[2], iou2));
        QVERIFY(close(s.meanIou, (iou0 + iou1 + iou2) / 3));
        QVERIFY(close(s.frequencyWeightedIou, 2.0 / 6 * iou0 + 3.0 / 6 * iou1 + 1.0 / 6 * iou2));
    }

    void absentClassesAreNull() {
        SegmentationMetrics m(4);
        m.add(torch::tensor({0, 0, 1}), torch::tensor({0, 2, 1}));  // class 3 nowhere, class 2 only predicted
        const auto s = m.scores();
        QVERIFY(!s.perClassIou[3].has_value());
        QVERIFY(s.perClassIou[2].has_value());
        QCOMPARE(*s.perClassIou[2], 0.0);
        QVERIFY(close(s.meanIou, (0.5 + 1.0 + 0.0) / 3));  // nanmean over classes 0..2
        QVERIFY(close(s.meanClassAccuracy, (0.5 + 1.0) / 2));  // classes present in the truth only
    }

    void badInputThrows() {
        SegmentationMetrics m(21);
        QVERIFY_THROWS_EXCEPTION(Error, m.add(torch::zeros({4, 5}), torch::zeros({5, 4})));
        QVERIFY_THROWS_EXCEPTION(Error, m.add(torch::zeros({2}), torch::tensor({0, 21})));
        m.add(torch::tensor({255, 255}), torch::tensor({0, 40}));  // ignored truth: prediction not counted
        QCOMPARE(m.scores().pixels, int64_t(0));
    }

    void matchesNumpy_data() {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("images");
        QTest::newRow("seed 1, 3 maps") << 1 << 3;
        QTest::newRow("seed 2, 5 maps") << 2 << 5;
    }

    void matchesNumpy() {
        QFETCH(int, seed);
        QFETCH(int, images);
        if (!test::pythonHasTorch()) QSKIP(INSTYLE_PYTHON " lacks torch (install python3-torch)");
        constexpr int n = 21;
        torch::manual_seed(seed);
        SegmentationMetrics metrics(n);
        StateDict dict;
        dict.insert("classes", torch::tensor(int64_t(n)));
        for (int i = 0; i < images; ++i) {
            const int64_t h = 30 + 7 * i, w = 41 - 3 * i;
            // Truth uses classes 0..17 and 19 (18 and 20 never); prediction 0..18 (19, 20 never):
            // class 18 only predicted, 19 only in the truth, 20 absent from both.
            auto truth = torch::randint(0, 19, {h, w}, torch::kInt64);
            truth.masked_fill_(truth == 18, 19);
            truth.masked_fill_(torch::rand({h, w}) < 0.1, 255);  // ignore pixels
            // Mostly right predictions so the IoUs are spread out, not all near 1/21.
            auto pred = torch::where(torch::rand({h, w}) < 0.6, truth.clamp_max(18), torch::randint(0, 19, {h, w}, torch::kInt64));
            pred.masked_fill_(truth == 255, 7);
            metrics.add(truth.to(torch::kUInt8), pred);
            dict.insert("truth" + std::to_string(i), truth.to(torch::kUInt8));
            dict.insert("pred" + std::to_string(i), pred);
        }
        QTemporaryDir dir;
        const QString file = dir.filePath("maps.pt");
        writeCheckpoint(file.toStdString(), dict);
        auto r = test::runProcess(test::pythonPath(), {test::testSource("reference/segmetrics_reference.py"), file}, 120000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject ref = QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
        QVERIFY2(!ref.isEmpty(), r.out.constData());

        const auto hist = ref.value("hist").toArray();
        QCOMPARE(hist.size(), n * n);
        auto conf = metrics.confusion().accessor<int64_t, 2>();
        for (int i = 0; i < n * n; ++i) QCOMPARE(conf[i / n][i % n], static_cast<int64_t>(hist[i].toDouble()));

        const auto s = metrics.scores();
        QCOMPARE(s.images, int64_t(images));
        const std::pair<const char*, double> ours[] = {{"pixel_acc", s.pixelAccuracy},
                                                       {"mean_class_acc", s.meanClassAccuracy},
                                                       {"mean_iou", s.meanIou},
                                                       {"fw_iou", s.frequencyWeightedIou}};
        for (const auto& [key, value] : ours)
            QVERIFY2(close(value, ref.value(key).toDouble()),
                     qPrintable(QString("%1: %2 vs numpy %3").arg(key).arg(value, 0, 'g', 17).arg(ref.value(key).toDouble(), 0, 'g', 17)));
        const auto iou = ref.value("per_class_iou").toArray();
        QCOMPARE(iou.size(), n);
        for (int c = 0; c < n; ++c) {
            QCOMPARE(s.perClassIou[c].has_value(), !iou[c].isNull());
            if (s.perClassIou[c]) QVERIFY2(close(*s.perClassIou[c], iou[c].toDouble()), qPrintable(QString("class %1").arg(c)));
        }
        QVERIFY(!s.perClassIou[20].has_value());
        QCOMPARE(*s.perClassIou[18], 0.0);  // only predicted
        QCOMPARE(*s.perClassIou[19], 0.0);  // only in the truth (never predicted)
    }
};

QTEST_GUILESS_MAIN(TestSegMetrics)
#include "tst_segmetrics.moc"
