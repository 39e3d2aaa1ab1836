#include "cli/progress_bar.h"

#include <chrono>
#include <cstdio>
#include <unistd.h>

namespace instyle::cli {

namespace {

double now() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string etaText(double seconds) {
    const long long s = seconds > 0 ? static_cast<long long>(seconds + 0.5) : 0;
    char text[48];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "ETA %lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "ETA %lld:%02lld", s / 60, s % 60);
    return text;
}

ProgressBar::ProgressBar(std::string label) : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(long long done, long long total, const std::string& suffix) {
    if (!enabled_ || finished_) return;
    const double t = now();
    if (done < total && lastDraw_ >= 0 && t - lastDraw_ < 0.1) return;
    lastDraw_ = t;
    constexpr int width = 30;
    const int filled = total > 0 ? static_cast<int>(width * done / total) : 0;
    std::string bar(filled, '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r%s [%s] %lld/%lld %s\x1b[K", label_.c_str(), bar.c_str(), done, total, suffix.c_str());
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (!enabled_ || finished_) return;
    finished_ = true;
    if (lastDraw_ >= 0) std::fputc('\n', stderr);
}

}  // namespace instyle::cli
