#include "core/style/stylize_options.h"

#include "core/base/error.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace instyle {

const std::vector<const OptionSpec*>& stylizeOptions() {
    using namespace options;
    static const std::vector<const OptionSpec*> rows{
        &content, &style, &out, &init, &vgg, &midas, &depthSize, &detachDepth, &job,
        &mask, &rect, &point, &box, &cls, &segmenter, &arch, &blend, &feather, &margin, &preserveColor, &background,
        &instance, &saveMask,
        &alpha, &beta, &theta, &gamma, &lapPool, &lapStride,
        &size, &styleSize, &iters, &scales, &optimizer, &lr, &decayAt, &weightDecay, &clamp, &preset, &seed,
        &conv, &layout,
        &jpegQuality, &fullSize, &saveParams, &dryRun,
        &threads, &device, &modelsDir, &json,
    };
    return rows;
}

const std::vector<const OptionSpec*>& commandOptions() {
    using namespace options;
    static const std::vector<const OptionSpec*> rows{
        &depthCommand::size,   &segmentCommand::maxSide, &segmentCommand::minArea, &segmentCommand::refine,
        &trainSegCommand::epochs, &trainSegCommand::batch, &trainSegCommand::crop,  &trainSegCommand::lr,
        &trainSegCommand::wd,     &trainSegCommand::momentum,
    };
    return rows;
}

const OptionSpec* findOption(std::string_view name) {
    for (const OptionSpec* s : stylizeOptions())
        if (s->name == name) return s;
    return nullptr;
}

std::string rangeText(const OptionSpec& s) {
    const std::string low = (s.minExclusive ? "> " : ">= ") + numberText(s.min);
    if (std::isinf(s.max)) return low;
    if (s.maxExclusive) return low + " and < " + numberText(s.max);
    return numberText(s.min) + ".." + numberText(s.max);
}

std::string numberProblem(const OptionSpec& s, double value) {
    if (!std::isfinite(value)) return numberText(value) + " is not a finite number";
    if (s.kind == OptionKind::Int && value != std::floor(value)) return numberText(value) + " is not an integer";
    const bool below = s.minExclusive ? !(value > s.min) : !(value >= s.min);
    const bool above = s.maxExclusive ? !(value < s.max) : value > s.max;
    if (below || above) {
        const std::string range = rangeText(s);
        const bool bounded = !std::isinf(s.max) && !s.maxExclusive;  // "0..1" reads as an interval
        return numberText(value) + (bounded ? " is outside " + range : " is not " + range);
    }
    if (s.multipleOf > 0 && std::fmod(value, s.multipleOf) != 0)
        return numberText(value) + " is not a multiple of " + std::to_string(s.multipleOf);
    return {};
}

std::vector<std::string> choiceNames(const OptionSpec& s) {
    std::vector<std::string> names;
    std::string_view rest = s.choices;
    while (!rest.empty()) {
        const size_t bar = rest.find('|');
        names.emplace_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
    }
    return names;
}

std::string choiceName(const OptionSpec& s, int index) {
    const auto names = choiceNames(s);
    return index >= 0 && index < static_cast<int>(names.size()) ? names[static_cast<size_t>(index)] : std::string();
}

int defaultChoice(const OptionSpec& s) {
    const auto names = choiceNames(s);
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == s.defaultText) return static_cast<int>(i);
    return -1;
}

std::string choiceProblem(const OptionSpec& s, std::string_view text) {
    const auto names = choiceNames(s);
    for (const auto& n : names)
        if (n == text) return {};
    std::string list;
    for (size_t i = 0; i < names.size(); ++i) list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return "'" + std::string(text) + "' is not " + (names.size() == 1 ? list : "one of " + list);
}

namespace {
[[noreturn]] void refuse(const OptionSpec& s, const std::string& problem) {
    throw Error(ErrorCategory::InvalidArgument, s.flag() + ": " + problem);
}
}  // namespace

double checkedNumber(const OptionSpec& s, double value) {
    if (const std::string problem = numberProblem(s, value); !problem.empty()) refuse(s, problem);
    return value;
}

int checkedInt(const OptionSpec& s, double value) { return static_cast<int>(checkedNumber(s, value)); }

int checkedChoice(const OptionSpec& s, std::string_view text) {
    if (const std::string problem = choiceProblem(s, text); !problem.empty()) refuse(s, problem);
    const auto names = choiceNames(s);
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == text) return static_cast<int>(i);
    return -1;
}

double parseNumber(const OptionSpec& s, const std::string& text) {
    errno = 0;
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE)
        refuse(s, "'" + text + "' is not " + (s.kind == OptionKind::Int ? "an integer" : "a number"));
    return checkedNumber(s, d);
}

}  // namespace instyle
