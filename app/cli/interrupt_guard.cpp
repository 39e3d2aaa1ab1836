#include "cli/interrupt_guard.h"

#include <csignal>

namespace instyle::cli {

namespace {

std::atomic_bool g_interrupted{false};

extern "C" void onInterrupt(int) { g_interrupted.store(true); }

}  // namespace

InterruptGuard::InterruptGuard() {
    g_interrupted.store(false);
    previous_ = std::signal(SIGINT, onInterrupt);
    if (previous_ == SIG_ERR) previous_ = SIG_DFL;
}

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, previous_); }

const std::atomic_bool& InterruptGuard::flag() const { return g_interrupted; }

}  // namespace instyle::cli
