#include "cli/option_args.h"

#include <algorithm>

namespace instyle::cli {

namespace {

template <typename Keep>
std::vector<std::string> rowNames(std::initializer_list<OptionScope> scopes, Keep keep) {
    std::vector<std::string> names;
    for (const OptionSpec* s : stylizeOptions())
        if (std::find(scopes.begin(), scopes.end(), s->scope) != scopes.end() && keep(*s)) names.emplace_back(s->name);
    return names;
}

// Breaks `text` into lines of at most `width` characters, each after the first indented by `indent`.
std::string wrapped(const std::string& text, size_t width, size_t indent) {
    std::string out, line;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out += line + "\n" + std::string(indent, ' ');
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    return out + line;
}

}  // namespace

std::vector<std::string> tableValueOptions(std::initializer_list<OptionScope> scopes) {
    return rowNames(scopes, [](const OptionSpec& s) { return s.takesValue(); });
}

std::vector<std::string> tableFlags(std::initializer_list<OptionScope> scopes) {
    return rowNames(scopes, [](const OptionSpec& s) { return !s.takesValue(); });
}

double numberOption(const Args& args, const OptionSpec& spec) {
    const auto v = args.value(std::string(spec.name));
    return v ? parseNumber(spec, *v) : spec.defaultValue;
}

int intOption(const Args& args, const OptionSpec& spec) { return static_cast<int>(numberOption(args, spec)); }

int choiceOption(const Args& args, const OptionSpec& spec) {
    const auto v = args.value(std::string(spec.name));
    return v ? checkedChoice(spec, *v) : defaultChoice(spec);
}

void checkTableValues(const Args& args) {
    for (const auto& [name, value] : args.ordered()) {
        const OptionSpec* spec = findOption(name);
        if (!spec) continue;
        if (spec->isNumeric()) parseNumber(*spec, value);
        else if (spec->kind == OptionKind::Choice) checkedChoice(*spec, value);
    }
}

std::string tableHelp(OptionGroup group) {
    constexpr size_t kColumn = 25, kWidth = 100;
    std::string out;
    for (const OptionSpec* s : stylizeOptions()) {
        if (s->group != group) continue;
        std::string head = "  " + s->flag();
        if (s->takesValue()) head += " " + std::string(s->kind == OptionKind::Choice ? s->choices : s->valueName);
        head += head.size() + 1 < kColumn ? std::string(kColumn - head.size(), ' ') : std::string("\n") + std::string(kColumn, ' ');
        std::string text(s->help);
        if (const std::string notes = helpNotes(*s); !notes.empty()) text += " (" + notes + ")";
        out += head + wrapped(text, kWidth - kColumn, kColumn) + "\n";
    }
    return out;
}

std::string helpDefault(const OptionSpec& s) {
    if (!s.defaultText.empty()) return std::string(s.defaultText);
    if (s.isNumeric()) return numberText(s.defaultValue);
    return {};
}

std::string helpNotes(const OptionSpec& s) {
    std::string notes;
    if (const std::string d = helpDefault(s); !d.empty()) notes = "default " + d;
    if (s.isNumeric()) notes += (notes.empty() ? "" : "; ") + rangeText(s);
    return notes;
}

}  // namespace instyle::cli
