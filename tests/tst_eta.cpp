// The status bar's time left (EtaSmoother): fed with what the engine reports for simulated runs
// (noisy iterations, a slow start, coarse-to-fine levels, a pause), it shows nothing during the
// first iterations, stays within its bounds around the engine's figure and the iterations left at
// the recent rate, is steadier than the engine's figure, counts down rather than up, and does not
// count a pause. And the words it is shown in.
//
// The engine's figure is computed here as Stylizer's secondsLeftAfter does: the rest of the level
// at the level's average rate, each finer level at that rate times its pixel ratio.

#include "ui/workers/eta_smoother.h"

#include <QTest>

#include <cmath>
#include <random>
#include <vector>

using instyle::ui::EtaSmoother;

namespace {

struct Level {
    int iterations;
    double pixels;              // relative to the first level
    double secondsPerIteration;  // the true mean
};

struct Profile {
    std::vector<Level> levels;
    double noise = 0;          // sigma of the log-normal factor on each iteration's time
    int slowIterations = 0;    // the first ones take slowSeconds each (convolution tuning)
    double slowSeconds = 0;
    int pauseAfter = 0;        // iteration after which the run is paused pauseSeconds
    double pauseSeconds = 0;
};

struct Report {
    double now;       // wall clock, pauses included
    double active;    // the same without pauses
    int iteration;
    double raw;       // the engine's estimate
    double truth;     // the active time really left
};

std::vector<Report> simulate(const Profile& p) {
    std::mt19937 random(7);
    std::normal_distribution<double> gauss(0, 1);
    std::vector<double> seconds;
    std::vector<size_t> levelOf;
    for (size_t l = 0; l < p.levels.size(); ++l)
        for (int i = 0; i < p.levels[l].iterations; ++i) {
            double s = p.levels[l].secondsPerIteration * std::exp(p.noise * gauss(random));
            if (int(seconds.size()) < p.slowIterations) s = p.slowSeconds;
            seconds.push_back(s);
            levelOf.push_back(l);
        }
    double total = 0;
    for (double s : seconds) total += s;

    std::vector<Report> reports;
    const double setup = 4;  // models loaded before the first iteration: not part of any rate
    double now = setup, active = 0, paused = 0, levelSeconds = 0;
    int inLevel = 0;
    for (size_t i = 0; i < seconds.size(); ++i) {
        const size_t l = levelOf[i];
        if (i > 0 && levelOf[i - 1] != l) levelSeconds = 0, inLevel = 0;
        now += seconds[i];
        active += seconds[i];
        levelSeconds += seconds[i];
        ++inLevel;
        const double rate = levelSeconds / inLevel;
        double raw = (p.levels[l].iterations - inLevel) * rate;
        for (size_t k = l + 1; k < p.levels.size(); ++k)
            raw += p.levels[k].iterations * rate * p.levels[k].pixels / p.levels[l].pixels;
        reports.push_back({now, now - paused, int(i) + 1, raw, total - active});
        if (int(i) + 1 == p.pauseAfter) now += p.pauseSeconds, paused += p.pauseSeconds;
    }
    return reports;
}

int iterationsOf(const Profile& p) {
    int n = 0;
    for (const Level& l : p.levels) n += l.iterations;
    return n;
}

}  // namespace

Q_DECLARE_METATYPE(Profile)

class TestEta : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsARun_data() {
        QTest::addColumn<Profile>("profile");
        // Worst ratio shown/true (either way) after the first tenth of the run; 0: not checked
        // (the engine's own figure is off there, and the bounds are what is promised).
        QTest::addColumn<double>("maxError");
        // Whether the shown total (elapsed + left) must move less than the engine's.
        QTest::addColumn<bool>("steadier");

        Profile steady{{{200, 1, 1.0}}};
        QTest::newRow("steady") << steady << 1.05 << false;
        Profile noisy{{{300, 1, 0.5}}, 0.5};
        QTest::newRow("noisy iterations") << noisy << 1.35 << true;
        Profile fast{{{2000, 1, 0.05}}, 0.5};
        QTest::newRow("quick noisy iterations") << fast << 1.3 << true;
        Profile slow{{{300, 1, 0.5}}, 0.1, 3, 7.0};
        QTest::newRow("slow start") << slow << 0.0 << false;
        // Finer levels cost more per pixel than the coarse one predicts (memory traffic): at each
        // level change the engine's figure rises.
        Profile levels{{{100, 1, 0.05}, {100, 4, 0.3}, {100, 16, 1.8}}, 0.3};
        QTest::newRow("coarse to fine") << levels << 0.0 << true;
        Profile paused{{{200, 1, 1.0}}, 0.2, 0, 0, 60, 600};
        QTest::newRow("paused") << paused << 1.2 << false;
    }

    void followsARun() {
        QFETCH(Profile, profile);
        QFETCH(double, maxError);
        QFETCH(bool, steadier);
        const int iterations = iterationsOf(profile);
        const std::vector<Report> reports = simulate(profile);
        const EtaSmoother::Options options;
        EtaSmoother eta(options);
        eta.start(0);

        double previousShown = -1, movedShown = 0, movedRaw = 0, worst = 1, worstRaw = 1, slowest = 0;
        for (size_t i = 0; i < reports.size(); ++i) {
            const Report& r = reports[i];
            const double dt = i == 0 ? 0 : r.active - reports[i - 1].active;
            if (i > 0) slowest = std::max(slowest, dt);
            eta.update(r.now, r.iteration, iterations, r.raw);
            const double shown = eta.secondsLeft(r.now);
            if (r.iteration == profile.pauseAfter) {
                eta.setPaused(true, r.now);
                QCOMPARE(eta.secondsLeft(r.now + profile.pauseSeconds / 2), shown);
                eta.setPaused(false, r.now + profile.pauseSeconds);
            }
            const QString at = QStringLiteral("iteration %1: %2 s shown, engine %3 s, true %4 s")
                                   .arg(r.iteration).arg(shown).arg(r.raw).arg(r.truth);
            if (r.iteration < options.warmupIterations || r.active < options.warmupSeconds) {
                QVERIFY2(!eta.hasEstimate() && shown < 0, qPrintable(at));
                continue;
            }
            QVERIFY2(eta.hasEstimate(), qPrintable(at));
            // The promised bounds: never far below the engine's figure; above it only as far as
            // the iterations left at the recent rate (at most the slowest one seen) demand.
            QVERIFY2(shown >= r.raw / options.maxFactor - 1e-9, qPrintable(at));
            const double floorBound = (iterations - r.iteration) * slowest / options.maxFactor;
            QVERIFY2(shown <= std::max(r.raw * options.maxFactor, floorBound) + 1e-9, qPrintable(at));
            if (previousShown >= 0) {
                // Counts down: within one level a report never adds more than a little.
                if (profile.levels.size() == 1)
                    QVERIFY2(shown <= (previousShown - dt) * 1.1 + 1,
                             qPrintable(at + QStringLiteral(", %1 s before").arg(previousShown)));
                movedShown += std::abs((shown + dt) - previousShown);
                movedRaw += std::abs((r.raw + dt) - reports[i - 1].raw);
            }
            if (r.iteration > iterations / 10 && r.truth > 30) {
                worst = std::max({worst, shown / r.truth, r.truth / shown});
                worstRaw = std::max({worstRaw, r.raw / r.truth, r.truth / r.raw});
            }
            previousShown = shown;
        }
        QVERIFY(eta.hasEstimate());
        qInfo("worst ratio to the true time left: %.3f shown, %.3f the engine's", worst, worstRaw);
        // Smoothing lags a little behind a figure that keeps falling; never much.
        QVERIFY2(worst <= 1.15 * worstRaw, qPrintable(QStringLiteral("off by %1x, the engine by %2x").arg(worst).arg(worstRaw)));
        if (maxError > 0)
            QVERIFY2(worst <= maxError, qPrintable(QStringLiteral("off by %1x (the engine by %2x)").arg(worst).arg(worstRaw)));
        if (steadier)
            QVERIFY2(movedShown < 0.8 * movedRaw,
                     qPrintable(QStringLiteral("the shown total moved %1 s, the engine's %2 s").arg(movedShown).arg(movedRaw)));
    }

    // While paused the figure stands still, and the pause is not counted as time the run takes.
    void pauseStopsTheClock() {
        EtaSmoother eta;
        eta.start(0);
        for (int i = 1; i <= 20; ++i) eta.update(i, i, 100, 100 - i);
        const double before = eta.secondsLeft(20);
        QCOMPARE(before, 80.0);
        eta.setPaused(true, 20);
        QCOMPARE(eta.secondsLeft(500), before);
        eta.setPaused(false, 620);
        QCOMPARE(eta.secondsLeft(625), before - 5);
        eta.update(621, 21, 100, 79);
        QVERIFY2(std::abs(eta.secondsLeft(621) - 79) < 1, qPrintable(QString::number(eta.secondsLeft(621))));
    }

    // The iterations left at the recent rate are a floor: finer levels never cost less per
    // iteration, so a far lower engine figure is not believed.
    void recentRateIsAFloor() {
        EtaSmoother eta;
        eta.start(0);
        for (int i = 1; i <= 20; ++i) eta.update(2.0 * i, i, 200, 10);
        // 180 iterations left at 2 s each, within the factor of 2 the bounds allow.
        QCOMPARE(eta.secondsLeft(40), 180.0);
    }

    void startForgetsTheLastRun() {
        EtaSmoother eta;
        eta.start(0);
        for (int i = 1; i <= 20; ++i) eta.update(i, i, 100, 100 - i);
        QVERIFY(eta.hasEstimate());
        eta.start(50);
        QVERIFY(!eta.hasEstimate());
        QCOMPARE(eta.secondsLeft(51), -1.0);
        QVERIFY(EtaSmoother::text(eta.secondsLeft(51)).isEmpty());
    }

    void text_data() {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("none") << -1.0 << QString();
        QTest::newRow("0 s") << 0.0 << "less than a minute left";
        QTest::newRow("59 s") << 59.0 << "less than a minute left";
        QTest::newRow("61 s") << 61.0 << "about 1 min left";
        QTest::newRow("4 min") << 240.0 << "about 4 min left";
        QTest::newRow("4 min 20 s") << 260.0 << "about 4 min left";
        QTest::newRow("4 min 40 s") << 280.0 << "about 5 min left";
        QTest::newRow("23 min") << 23.0 * 60 << "about 23 min left";
        QTest::newRow("59 min 50 s") << 3590.0 << "about 1 h left";
        QTest::newRow("1 h 2 min") << 62.0 * 60 << "about 1 h left";
        QTest::newRow("1 h 10 min") << 70.0 * 60 << "about 1 h 10 min left";
        QTest::newRow("1 h 11 min") << 71.0 * 60 << "about 1 h 10 min left";
        QTest::newRow("2 h") << 7200.0 << "about 2 h left";
        QTest::newRow("2 h 58 min") << 178.0 * 60 << "about 3 h left";
    }
    void text() {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(EtaSmoother::text(seconds), text);
    }
};

QTEST_GUILESS_MAIN(TestEta)
#include "tst_eta.moc"
