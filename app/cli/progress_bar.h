#pragma once
// A one-line progress bar on stderr, drawn only when stderr is a terminal.

#include <string>

namespace instyle::cli {

// "ETA 0:42", "ETA 12:05", "ETA 1:02:03" (rounded to whole seconds; negative counts as 0).
std::string etaText(double seconds);

class ProgressBar {
public:
    explicit ProgressBar(std::string label);
    ~ProgressBar();
    // done/total with a free-form suffix (loss, speed ...); redraws at most ~10 times a second.
    void update(long long done, long long total, const std::string& suffix = {});
    void finish();
    bool enabled() const { return enabled_; }

private:
    std::string label_;
    bool enabled_;
    bool finished_ = false;
    double lastDraw_ = -1;
};

}  // namespace instyle::cli
