#pragma once
// How the engine computes, as the option table's `layout` and `conv` choices name them (in its
// order). In base/ because the style request, the kernels' tuner and MobileSAM all take them.
// Auto: measured on the CPU at hand (kernels/conv_tuner.h).

#include <string_view>

namespace instyle {

enum class MemoryLayout { Auto, Nchw, Nhwc };
enum class ConvAlgorithm { Auto, Winograd, Direct };

// Their names in enum order, '|'-separated: the option table's `conv` and `layout` rows
// (style/stylize_options.h) list these, and the tuner's cache file writes them.
inline constexpr std::string_view kConvChoices = "auto|winograd|direct";
inline constexpr std::string_view kLayoutChoices = "auto|nchw|nhwc";

// The index-th name of a '|'-separated list; empty past its end.
constexpr std::string_view nthChoice(std::string_view choices, int index) {
    for (; index > 0; --index) {
        const size_t bar = choices.find('|');
        if (bar == std::string_view::npos) return {};
        choices.remove_prefix(bar + 1);
    }
    return index < 0 ? std::string_view() : choices.substr(0, choices.find('|'));
}

}  // namespace instyle
