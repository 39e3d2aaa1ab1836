#pragma once
// Ctrl+C during a long command (stylize, train-seg) ends it after the current step, with its work
// saved, instead of killing it. While an InterruptGuard lives, SIGINT only sets its flag; the
// handler that was there before is restored when the guard goes out of scope, on an exception too.
// One guard at a time (the flag is process-wide, as the signal is).

#include <atomic>

namespace instyle::cli {

class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // Set once SIGINT arrived; the cancel flag of the engine's long calls.
    const std::atomic_bool& flag() const;

private:
    using Handler = void (*)(int);
    Handler previous_;
};

}  // namespace instyle::cli
