#pragma once
// Command-line parsing for instyle-cli: `--name value`, `--name=value`, repeatable options and
// flags. Every subcommand declares what it accepts; anything else is an error.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace instyle::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // `valueOptions` take a value, `flags` do not; the global options are added by the parser.
    Args(const std::vector<std::string>& tokens, const std::vector<std::string>& valueOptions,
         const std::vector<std::string>& flags);

    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;  // the last one given
    std::vector<std::string> values(const std::string& name) const;   // all, in order
    const std::vector<std::string>& positional() const { return positional_; }

    std::string required(const std::string& name) const;
    int intValue(const std::string& name, int fallback, int min, int max) const;
    double doubleValue(const std::string& name, double fallback) const;
    // Index of the first occurrence of an option among all option tokens (for grouping).
    const std::vector<std::pair<std::string, std::string>>& ordered() const { return ordered_; }

private:
    std::vector<std::pair<std::string, std::string>> ordered_;  // name, value ("" for flags)
    std::vector<std::string> positional_;
};

// Global options every subcommand accepts.
const std::vector<std::string>& globalValueOptions();  // --threads --device --models-dir
const std::vector<std::string>& globalFlags();         // --json --help

double parseDouble(const std::string& option, const std::string& text);
int parseInt(const std::string& option, const std::string& text);

}  // namespace instyle::cli
