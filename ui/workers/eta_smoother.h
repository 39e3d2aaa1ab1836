#pragma once
// The time left of a run as the status bar shows it: the engine's estimate (Progress::secondsLeft,
// the rest at the current level's average rate) made steady enough to read.
//
// The engine's figure is honest but jumpy: the first iterations include the convolution tuning,
// and at each coarse-to-fine level the finer levels are extrapolated from a few iterations, so it
// swings by minutes (23:23 at iteration 5, 4:07 at 46). What is smoothed is the estimate of the
// run's whole active time (elapsed + left): for a run at a steady rate that is a constant, and the
// time left then counts down with the clock instead of following each iteration's noise. It is an
// exponential average over seconds of active time (not over reports), so it behaves the same for
// quick and slow iterations; it follows a falling estimate faster than a rising one, so that the
// figure mostly counts down. Two bounds keep it honest: it never says less than `maxFactor` times
// less than the engine's figure or than the iterations left at the recent rate (finer levels are
// never cheaper per iteration, so that is a floor), nor more than `maxFactor` times the engine's.
// Nothing is shown until the first iterations and seconds are past. Paused time counts neither
// as elapsed nor as left.
//
// Plain value class, no threads: the window calls it from the GUI thread. Times are seconds on any
// monotonic clock; the overloads without `now` use one started at construction.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>

namespace instyle {
namespace ui {

class EtaSmoother {
    Q_DECLARE_TR_FUNCTIONS(EtaSmoother)
public:
    struct Options {
        int warmupIterations = 5;    // no estimate before this many iterations have been reported
        double warmupSeconds = 3;    // nor before this much active time
        double timeConstant = 20;    // seconds of active time the average reaches back (rising)
        double fallingTimeConstant = 2;  // the same for a falling estimate
        double maxFactor = 2;        // how far the shown figure may be from the bounds above
    };

    EtaSmoother();
    explicit EtaSmoother(const Options& options);

    // A run begins (forgets the previous one).
    void start(double now);
    void setPaused(bool paused, double now);
    // The engine's report after `iteration` (1-based) of `iterations`: its estimate of the time left.
    void update(double now, int iteration, int iterations, double rawSecondsLeft);

    bool hasEstimate() const { return seeded_; }
    // The smoothed time left at `now` (it counts down between reports, not while paused); -1 when
    // there is no estimate yet.
    double secondsLeft(double now) const;

    void start() { start(clockNow()); }
    void setPaused(bool paused) { setPaused(paused, clockNow()); }
    void update(int iteration, int iterations, double rawSecondsLeft) {
        update(clockNow(), iteration, iterations, rawSecondsLeft);
    }
    double secondsLeft() const { return secondsLeft(clockNow()); }

    // "less than a minute left", "about 4 min left", "about 1 h 10 min left" (to 5 minutes above an
    // hour: the figure is not that precise); empty for a negative time (no estimate).
    static QString text(double secondsLeft);

private:
    double activeSeconds(double now) const;
    double clockNow() const { return clock_.nsecsElapsed() / 1e9; }

    Options options_;
    QElapsedTimer clock_;
    double startedAt_ = 0;
    double pausedTotal_ = 0;
    double pausedSince_ = -1;  // < 0: running
    double lastActive_ = 0;    // at the last report
    int lastIteration_ = 0;
    double lastRaw_ = 0;       // the engine's figure at the last report
    double lastFloor_ = 0;     // iterations left times the recent rate, at the last report
    double rate_ = -1;         // recent seconds per iteration; < 0: none measured yet
    double total_ = 0;         // smoothed estimate of the run's active seconds
    bool seeded_ = false;
};

}  // namespace ui
}  // namespace instyle
