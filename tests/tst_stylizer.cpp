// The optimisation loop: it lowers the loss, stops on cancel within one iteration, is
// deterministic for a seed, applies live weight changes, honours the mask and survives faults.

#include "core/nets/image_tensor.h"
#include "core/style/stylizer.h"

#include <torch/torch.h>

#include <chrono>
#include <thread>

#include <QtTest>

using namespace instyle;

namespace {

// A smooth content image (colour ramps) and a strongly textured style image (coloured stripes):
// their Gram matrices differ clearly, as a photo's and a painting's do. (Two white-noise images
// would have nearly equal Grams and make a poor test.)
StyleRequest smallRequest(int iterations, int size = 64) {
    StyleRequest r;
    auto ramp = torch::linspace(-1.5, 1.5, size);
    auto yy = ramp.view({size, 1}).expand({size, size}), xx = ramp.view({1, size}).expand({size, size});
    r.content = torch::stack({xx, yy, (xx + yy) * 0.5}).unsqueeze(0).contiguous();
    auto phase = (xx + 0.5 * yy) * 12.0;
    r.styles.push_back({torch::stack({phase.sin() * 2, phase.cos() * 2, (phase * 2).sin()}).unsqueeze(0).contiguous(), 1.0});
    r.schedule.iterations = iterations;
    r.seed = 5;
    return r;
}

}  // namespace

class TestStylizer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(2); }

    void twentyIterationsLowerTheLoss_data() {
        QTest::addColumn<int>("optimizer");
        QTest::newRow("adam") << static_cast<int>(OptimizerKind::Adam);
        QTest::newRow("lbfgs") << static_cast<int>(OptimizerKind::Lbfgs);
    }

    void twentyIterationsLowerTheLoss() {
        QFETCH(int, optimizer);
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(20);
        r.schedule.optimizer = static_cast<OptimizerKind>(optimizer);
        std::atomic_bool cancel{false};
        int calls = 0;
        auto result = stylizer.run(r, [&](const Progress& p) { QCOMPARE(p.iteration, ++calls); }, cancel);
        QCOMPARE(calls, 20);
        QCOMPARE(result.iterationsDone, 20);
        QVERIFY(result.error.empty());
        QVERIFY2(result.lossLast.total < 0.5 * result.lossFirst.total,  // measured: < 0.1 ×
                 qPrintable(QString("first %1 last %2").arg(result.lossFirst.total).arg(result.lossLast.total)));
        // The default init is the content image: no content or Laplacian loss before any update.
        QCOMPARE(result.lossFirst.content, 0.0);
        QCOMPARE(result.lossFirst.laplacian, 0.0);
    }

    void cancelStopsWithinOneIteration() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(50, 32);
        std::atomic_bool cancel{false};
        int last = 0;
        auto result = stylizer.run(r, [&](const Progress& p) {
            last = p.iteration;
            if (p.iteration == 3) cancel = true;
        }, cancel);
        QVERIFY(result.cancelled);
        QCOMPARE(result.iterationsDone, 3);
        QCOMPARE(last, 3);
        QVERIFY(result.image.defined());
    }

    void sameSeedSameResult_data() {
        QTest::addColumn<int>("init");
        QTest::newRow("content") << static_cast<int>(InitMode::Content);
        QTest::newRow("noise") << static_cast<int>(InitMode::Noise);
    }

    void sameSeedSameResult() {
        QFETCH(int, init);
        std::atomic_bool cancel{false};
        auto runOnce = [&](uint64_t seed) {
            Stylizer stylizer(Vgg19Features(1));
            auto r = smallRequest(5, 32);
            r.init = static_cast<InitMode>(init);
            r.seed = seed;
            return stylizer.run(r, nullptr, cancel);
        };
        auto a = runOnce(5), b = runOnce(5);
        QVERIFY(torch::equal(a.image, b.image));
        QCOMPARE(a.lossLast.total, b.lossLast.total);
        if (static_cast<InitMode>(init) == InitMode::Noise) {
            auto c = runOnce(6);
            QVERIFY(!torch::equal(a.image, c.image));
        }
    }

    void liveWeightChangeAppliesFromTheNextIteration() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(8, 32);
        std::atomic_bool cancel{false};
        std::vector<LossTerms> seen;
        stylizer.run(r, [&](const Progress& p) {
            seen.push_back(p.loss);
            if (p.iteration == 4) stylizer.setWeights({1.0, 0.0, 0.0, 0.0});  // style and Laplacian off
        }, cancel);
        QCOMPARE(static_cast<int>(seen.size()), 8);
        const auto& before = seen[3];
        QVERIFY(std::abs(before.total - (before.content + before.style + 100 * before.laplacian)) <= 1e-4 * before.total);
        for (size_t i = 4; i < seen.size(); ++i)
            QVERIFY2(std::abs(seen[i].total - seen[i].content) <= 1e-6 * std::max(1.0, seen[i].content),
                     qPrintable(QString("iteration %1: total %2 content %3").arg(i + 1).arg(seen[i].total).arg(seen[i].content)));
    }

    void maskFreezesPixelsOutside() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(5, 32);
        auto mask = torch::zeros({1, 1, 32, 32});
        mask.slice(2, 8, 24).slice(3, 8, 24).fill_(1.0);
        r.mask = mask;
        std::atomic_bool cancel{false};
        auto result = stylizer.run(r, nullptr, cancel);
        auto outside = (1 - mask).to(torch::kBool).expand({1, 3, 32, 32});
        auto inside = mask.to(torch::kBool).expand({1, 3, 32, 32});
        // Outside pixels only see the valid-range clamp.
        auto expectedOutside = torch::max(torch::min(r.content, validRangeHigh(r.content.options())),
                                          validRangeLow(r.content.options()));
        QVERIFY(torch::equal(result.image.masked_select(outside), expectedOutside.masked_select(outside)));
        QVERIFY(!torch::equal(result.image.masked_select(inside), expectedOutside.masked_select(inside)));
    }

    void resultStaysInTheValidColourRange() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(5, 32);
        std::atomic_bool cancel{false};
        auto result = stylizer.run(r, nullptr, cancel);
        auto low = validRangeLow(result.image.options()), high = validRangeHigh(result.image.options());
        QVERIFY((result.image >= low - 1e-6).all().item<bool>());
        QVERIFY((result.image <= high + 1e-6).all().item<bool>());
    }

    void notebookClampLimitsTheImage() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(10, 32);
        r.schedule.clamp = ClampMode::Notebook;
        r.content = r.content * 3;  // beyond ±1.5
        std::atomic_bool cancel{false};
        double maxSeen = 0;
        stylizer.run(r, [&](const Progress& p) {
            if (p.iteration == 1) maxSeen = p.image.abs().max().item<double>();
        }, cancel);
        // After one Adam step of lr 1 from a ±1.5-clamped start, |x| ≤ 1.5 + 1 (+ rounding).
        QVERIFY2(maxSeen <= 2.5 + 1e-3, qPrintable(QString::number(maxSeen)));
    }

    void numericFaultKeepsTheLastGoodImage() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(10, 32);
        r.weights.beta = 1e300;  // the weighted total overflows to inf
        r.schedule.clamp = ClampMode::None;
        std::atomic_bool cancel{false};
        auto result = stylizer.run(r, nullptr, cancel);
        QVERIFY(!result.error.empty());
        QVERIFY2(QString::fromStdString(result.error).contains("the weighted style loss (weight 1e+300) overflowed"), result.error.c_str());
        QVERIFY(torch::isfinite(result.image).all().item<bool>());
    }

    // Sizes and iteration split of the coarse-to-fine levels, against hand-computed values:
    // n levels share the iterations r^(n-1):...:r:1 (floored, the rest to the finest level), r = 2
    // unless a row says otherwise.
    void coarseToFineLevels_data() {
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("scales");
        QTest::addColumn<int>("iterations");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<double>("ratio");
        QTest::newRow("ratio 3") << 300 << 400 << 3 << 200 << "75x100:138 150x200:46 300x400:16" << 3.0;
        QTest::newRow("ratio 1 (even split)") << 300 << 400 << 3 << 200 << "75x100:66 150x200:66 300x400:68" << 1.0;
        QTest::newRow("ratio 1.5 (shares 9:6:4, 19 parts)") << 300 << 400 << 3 << 19 << "75x100:9 150x200:6 300x400:4" << 1.5;
        QTest::newRow("three levels") << 300 << 400 << 3 << 200 << "75x100:114 150x200:57 300x400:29" << 2.0;
        QTest::newRow("two levels") << 300 << 400 << 2 << 90 << "150x200:60 300x400:30" << 2.0;
        QTest::newRow("one scale") << 300 << 400 << 1 << 200 << "300x400:200" << 2.0;
        QTest::newRow("too small to halve") << 100 << 100 << 3 << 50 << "100x100:50" << 2.0;
        QTest::newRow("coarsest dropped") << 200 << 200 << 3 << 70 << "100x100:46 200x200:24" << 2.0;
        QTest::newRow("odd sizes round") << 333 << 501 << 2 << 10 << "167x251:6 333x501:4" << 2.0;
        QTest::newRow("fewer iterations than levels") << 300 << 400 << 3 << 2 << "75x100:0 150x200:0 300x400:2" << 2.0;
        QTest::newRow("no iterations") << 300 << 400 << 3 << 0 << "75x100:0 150x200:0 300x400:0" << 2.0;
    }

    void coarseToFineLevels() {
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(int, scales);
        QFETCH(int, iterations);
        QFETCH(QString, expected);
        QFETCH(double, ratio);
        QStringList got;
        for (const ScaleLevel& l : instyle::coarseToFineLevels(height, width, scales, iterations, ratio))
            got << QString("%1x%2:%3").arg(l.height).arg(l.width).arg(l.iterations);
        QCOMPARE(got.join(' '), expected);
    }

    // Coarse to fine: the levels run in order at their sizes, the iteration count runs on over
    // them, the result has the content's size and the photo outside the mask is untouched.
    void coarseToFineRunsEveryLevel() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(12, 128);
        r.schedule.scales = 3;  // 32 px would be below the 64 px minimum: levels 64 and 128
        auto mask = torch::zeros({1, 1, 128, 128});
        mask.slice(2, 32, 96).slice(3, 40, 104).fill_(1.0);
        r.mask = mask;
        std::atomic_bool cancel{false};
        QStringList seen;
        int expectedIteration = 0;
        auto result = stylizer.run(r, [&](const Progress& p) {
            QCOMPARE(p.iteration, ++expectedIteration);
            QCOMPARE(p.iterations, 12);
            seen << QString("%1/%2:%3").arg(p.level).arg(p.levels).arg(p.image.size(3));
        }, cancel);
        QCOMPARE(result.levels, 2);
        QCOMPARE(result.iterationsDone, 12);
        QCOMPARE(seen.count("1/2:64"), 8);
        QCOMPARE(seen.count("2/2:128"), 4);
        QCOMPARE(seen.first(), QString("1/2:64"));
        QCOMPARE(seen.last(), QString("2/2:128"));
        QCOMPARE(result.image.sizes(), r.content.sizes());
        auto outside = (1 - mask).to(torch::kBool).expand({1, 3, 128, 128});
        QVERIFY(torch::equal(result.image.masked_select(outside), r.content.masked_select(outside)));
        auto inside = mask.to(torch::kBool).expand({1, 3, 128, 128});
        QVERIFY(!torch::equal(result.image.masked_select(inside), r.content.masked_select(inside)));
    }

    // The time-left estimate: finer levels count by their pixels (a 128 px level costs four 64 px
    // iterations per iteration), time spent in the progress callback is not optimisation time, and
    // nothing is left after the last iteration. At a level's first iteration the rate is exactly
    // the loop time so far, which makes the first check exact.
    void secondsLeftWeighsLevelsAndLeavesOutCallbacks() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(12, 128);
        r.schedule.scales = 2;  // 8 iterations at 64 px, 4 at 128 px
        std::atomic_bool cancel{false};
        QVector<double> left, elapsed;
        stylizer.run(r, [&](const Progress& p) {
            left << p.secondsLeft;
            elapsed << p.secondsElapsed;
            if (p.iteration == 1) std::this_thread::sleep_for(std::chrono::milliseconds(60));
        }, cancel);
        QCOMPARE(left.size(), 12);
        QVERIFY(elapsed[0] > 0);
        QVERIFY2(qAbs(left[0] - elapsed[0] * (7 + 4 * 4)) <= 1e-9 * left[0],
                 qPrintable(QString("%1 vs %2").arg(left[0]).arg(elapsed[0] * 23)));
        // Second iteration: the 60 ms asleep in the callback are not part of the rate.
        QVERIFY2(left[1] <= (6 + 4 * 4) * (elapsed[1] - 0.06) / 2 + 1e-9,
                 qPrintable(QString("%1 vs %2").arg(left[1]).arg((6 + 4 * 4) * (elapsed[1] - 0.06) / 2)));
        for (int i = 0; i < 11; ++i) QVERIFY(left[i] > 0);
        QCOMPARE(left.last(), 0.0);
    }

    void coarseToFineCancelledEarlyKeepsTheSize() {
        Stylizer stylizer(Vgg19Features(1));
        auto r = smallRequest(12, 128);
        r.schedule.scales = 2;
        auto mask = torch::zeros({1, 1, 128, 128});
        mask.slice(2, 16, 80).slice(3, 16, 80).fill_(1.0);
        r.mask = mask;
        std::atomic_bool cancel{false};
        auto result = stylizer.run(r, [&](const Progress& p) { if (p.iteration == 3) cancel = true; }, cancel);
        QVERIFY(result.cancelled);
        QCOMPARE(result.iterationsDone, 3);
        QCOMPARE(result.image.sizes(), r.content.sizes());
        auto outside = (1 - mask).to(torch::kBool).expand({1, 3, 128, 128});
        QVERIFY(torch::equal(result.image.masked_select(outside), r.content.masked_select(outside)));
    }

    void channelsLastGivesTheSameLoss() {
        std::atomic_bool cancel{false};
        LossTerms terms[2];
        for (int layout = 0; layout < 2; ++layout) {
            Stylizer stylizer(Vgg19Features(1));
            auto r = smallRequest(3, 48);
            r.layout = layout == 1 ? MemoryLayout::Nhwc : MemoryLayout::Nchw;
            terms[layout] = stylizer.run(r, nullptr, cancel).lossLast;
        }
        // Only the float summation order differs.
        QVERIFY2(std::abs(terms[0].total - terms[1].total) <= 1e-4 * std::abs(terms[0].total),
                 qPrintable(QString("%1 vs %2").arg(terms[0].total, 0, 'g', 10).arg(terms[1].total, 0, 'g', 10)));
    }

    void invalidRequestsAreRefused_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("no style") << 0;
        QTest::newRow("tiny content") << 1;
        QTest::newRow("negative weight") << 2;
        QTest::newRow("mask size") << 3;
        QTest::newRow("init image size") << 4;
        QTest::newRow("scales") << 5;
        QTest::newRow("level ratio under 1") << 6;
        QTest::newRow("level ratio NaN") << 7;
    }

    void invalidRequestsAreRefused() {
        QFETCH(int, which);
        auto r = smallRequest(1, 32);
        switch (which) {
        case 0: r.styles.clear(); break;
        case 1: r.content = torch::zeros({1, 3, 8, 8}); break;
        case 2: r.weights.gamma = -1; break;
        case 3: r.mask = torch::ones({1, 1, 10, 10}); break;
        case 4: r.init = InitMode::Image; r.initImage = torch::zeros({1, 3, 10, 10}); break;
        case 5: r.schedule.scales = 0; break;
        case 6: r.schedule.scales = 2; r.schedule.levelRatio = 0.5; break;
        case 7: r.schedule.scales = 2; r.schedule.levelRatio = std::nan(""); break;
        }
        Stylizer stylizer(Vgg19Features(1));
        std::atomic_bool cancel{false};
        QVERIFY_THROWS_EXCEPTION(std::exception, stylizer.run(r, nullptr, cancel));
    }
};

QTEST_GUILESS_MAIN(TestStylizer)
#include "tst_stylizer.moc"
