#include "cli/cli_args.h"

#include "cli/option_args.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cmath>
#include <cstdlib>

namespace instyle::cli {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

const std::vector<std::string>& globalValueOptions() {
    static const std::vector<std::string> v = tableValueOptions({OptionScope::Process});
    return v;
}

const std::vector<std::string>& globalFlags() {
    static const std::vector<std::string> v = [] {
        auto flags = tableFlags({OptionScope::Process});
        flags.emplace_back("help");
        return flags;
    }();
    return v;
}

Args::Args(const std::vector<std::string>& tokens, const std::vector<std::string>& valueOptions,
           const std::vector<std::string>& flags)
    : Args(tokens, valueOptions, flags, true) {}

Args Args::withoutGlobals(const std::vector<std::string>& tokens, const std::vector<std::string>& valueOptions,
                          const std::vector<std::string>& flags) {
    return Args(tokens, valueOptions, flags, false);
}

Args::Args(const std::vector<std::string>& tokens, const std::vector<std::string>& valueOptions,
           const std::vector<std::string>& flags, bool withGlobals) {
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (t.size() < 3 || t.compare(0, 2, "--") != 0) {
            if (t.size() > 1 && t[0] == '-' && !(std::isdigit(static_cast<unsigned char>(t[1])) || t[1] == '.'))
                throw UsageError("unknown option '" + t + "'");
            positional_.push_back(t);
            continue;
        }
        std::string name = t.substr(2), value;
        bool hasInlineValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasInlineValue = true;
        }
        const bool takesValue = contains(valueOptions, name) || (withGlobals && contains(globalValueOptions(), name));
        const bool isFlag = contains(flags, name) || (withGlobals && contains(globalFlags(), name));
        if (!takesValue && !isFlag) throw UsageError("unknown option '--" + name + "'");
        if (takesValue && !hasInlineValue) {
            if (i + 1 >= tokens.size()) throw UsageError("option '--" + name + "' needs a value");
            value = tokens[++i];
        }
        if (isFlag && hasInlineValue) throw UsageError("option '--" + name + "' takes no value");
        ordered_.emplace_back(name, value);
    }
}

bool Args::flag(const std::string& name) const {
    return std::any_of(ordered_.begin(), ordered_.end(), [&](const auto& p) { return p.first == name; });
}

std::optional<std::string> Args::value(const std::string& name) const {
    std::optional<std::string> found;
    for (const auto& [n, v] : ordered_)
        if (n == name) found = v;
    return found;
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [n, v] : ordered_)
        if (n == name) out.push_back(v);
    return out;
}

std::string Args::required(const std::string& name) const {
    auto v = value(name);
    if (!v || v->empty()) throw UsageError("missing required option '--" + name + "'");
    return *v;
}

int Args::intValue(const std::string& name, int fallback, int min, int max) const {
    auto v = value(name);
    if (!v) return fallback;
    const int n = parseInt(name, *v);
    if (n < min || n > max)
        throw UsageError("option '--" + name + "' must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + " (got " + *v + ")");
    return n;
}

double Args::doubleValue(const std::string& name, double fallback) const {
    auto v = value(name);
    return v ? parseDouble(name, *v) : fallback;
}

double parseDouble(const std::string& option, const std::string& text) {
    errno = 0;
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(d))
        throw UsageError("option '--" + option + "' expects a number (got '" + text + "')");
    return d;
}

int parseInt(const std::string& option, const std::string& text) {
    errno = 0;
    char* end = nullptr;
    const long n = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || n < INT32_MIN || n > INT32_MAX)
        throw UsageError("option '--" + option + "' expects an integer (got '" + text + "')");
    return static_cast<int>(n);
}

}  // namespace instyle::cli
