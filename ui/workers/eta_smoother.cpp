#include "ui/workers/eta_smoother.h"

#include <algorithm>
#include <cmath>

namespace instyle {
namespace ui {

EtaSmoother::EtaSmoother() : EtaSmoother(Options{}) {}

EtaSmoother::EtaSmoother(const Options& options) : options_(options) {
    clock_.start();
    start(clockNow());
}

void EtaSmoother::start(double now) {
    startedAt_ = now;
    pausedTotal_ = 0;
    pausedSince_ = -1;
    lastActive_ = 0;
    lastIteration_ = 0;
    lastRaw_ = 0;
    lastFloor_ = 0;
    rate_ = -1;
    total_ = 0;
    seeded_ = false;
}

void EtaSmoother::setPaused(bool paused, double now) {
    if (paused == (pausedSince_ >= 0)) return;
    if (paused) {
        pausedSince_ = now;
    } else {
        pausedTotal_ += std::max(0.0, now - pausedSince_);
        pausedSince_ = -1;
    }
}

double EtaSmoother::activeSeconds(double now) const {
    const double until = pausedSince_ >= 0 ? pausedSince_ : now;
    return std::max(0.0, until - startedAt_ - pausedTotal_);
}

namespace {
double averagingWeight(double dt, double timeConstant) {
    return timeConstant > 0 ? 1 - std::exp(-dt / timeConstant) : 1.0;
}
}  // namespace

void EtaSmoother::update(double now, int iteration, int iterations, double rawSecondsLeft) {
    const double active = activeSeconds(now);
    const double raw = std::max(0.0, std::isfinite(rawSecondsLeft) ? rawSecondsLeft : 0.0);
    const double dt = std::max(0.0, active - lastActive_);
    // Before the first report the clock also ran through loading the models: not a rate.
    if (lastIteration_ > 0 && iteration > lastIteration_) {
        // A floor must not stay high: a quicker iteration (the tuning is over, a smaller object
        // next) lowers it at once, slower ones raise it gradually.
        const double perIteration = dt / (iteration - lastIteration_);
        rate_ = rate_ < 0 || perIteration < rate_
                    ? perIteration
                    : rate_ + averagingWeight(dt, options_.timeConstant) * (perIteration - rate_);
    }
    lastActive_ = active;
    lastIteration_ = iteration;
    lastRaw_ = raw;
    lastFloor_ = rate_ < 0 ? 0.0 : std::max(0, iterations - iteration) * rate_;
    // The first iterations (model set-up, convolution tuning) say little about the rest.
    if (iteration < options_.warmupIterations || active < options_.warmupSeconds) return;
    const double total = active + raw;
    if (!seeded_) {
        total_ = total;
        seeded_ = true;
        return;
    }
    const double tau = total < total_ ? options_.fallingTimeConstant : options_.timeConstant;
    total_ += averagingWeight(dt, tau) * (total - total_);
}

double EtaSmoother::secondsLeft(double now) const {
    if (!seeded_) return -1;
    const double active = activeSeconds(now);
    // Between reports the bounds go down with the clock too.
    const double since = std::max(0.0, active - lastActive_);
    const double raw = std::max(0.0, lastRaw_ - since);
    const double floor = std::max(0.0, lastFloor_ - since);
    const double f = std::max(1.0, options_.maxFactor);
    const double low = std::max(raw, floor) / f;
    return std::max(low, std::min(total_ - active, raw * f));
}

QString EtaSmoother::text(double secondsLeft) {
    if (secondsLeft < 0 || !std::isfinite(secondsLeft)) return {};
    const double minutes = secondsLeft / 60;
    if (minutes < 1) return tr("less than a minute left");
    if (minutes < 59.5) return tr("about %n min left", nullptr, std::max(1, int(std::lround(minutes))));
    const int rounded = int(std::lround(minutes / 5)) * 5;
    const int hours = rounded / 60, rest = rounded % 60;
    if (rest == 0) return tr("about %n h left", nullptr, hours);
    return tr("about %1 h %2 min left").arg(hours).arg(rest);
}

}  // namespace ui
}  // namespace instyle
