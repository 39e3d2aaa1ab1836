#pragma once
// The logarithmic mapping of the weight sliders: an integer slider position ↔ a weight in
// [10^kLogMin, 10^kLogMax], kStepsPerDecade positions per decade.

#include <algorithm>
#include <cmath>

namespace instyle::ui::logscale {

constexpr int kLogMin = -2;   // 1e-2
constexpr int kLogMax = 10;   // 1e10
constexpr int kStepsPerDecade = 100;
constexpr int kSliderMax = (kLogMax - kLogMin) * kStepsPerDecade;

inline double sliderToValue(int position) {
    position = std::clamp(position, 0, kSliderMax);
    return std::pow(10.0, kLogMin + double(position) / kStepsPerDecade);
}

inline int valueToSlider(double value) {
    if (!(value > 0)) return 0;
    const double p = (std::log10(value) - kLogMin) * kStepsPerDecade;
    return std::clamp(int(std::lround(p)), 0, kSliderMax);
}

inline double minValue() { return std::pow(10.0, kLogMin); }
inline double maxValue() { return std::pow(10.0, kLogMax); }

}  // namespace instyle::ui::logscale
