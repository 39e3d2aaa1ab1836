#pragma once
// Command-line parsing for instyle-cli and the bench programs: `--name value`, `--name=value`,
// repeatable options and flags. Every subcommand declares what it accepts; anything else is an
// error. LibTorch- and Qt-free (the option table is plain C++), so that the core-only build's
// benches share it.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
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
    // Only what is declared: a program with options of its own (the benches), not instyle-cli's
    // global ones, which it would accept and ignore.
    static Args withoutGlobals(const std::vector<std::string>& tokens, const std::vector<std::string>& valueOptions,
                               const std::vector<std::string>& flags);

    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;  // the last one given
    std::vector<std::string> values(const std::string& name) const;   // all, in order
    const std::vector<std::string>& positional() const { return positional_; }

    std::string required(const std::string& name) const;
    int intValue(const std::string& name, int fallback, int min, int max) const;
    double doubleValue(const std::string& name, double fallback) const;
    // Every option as given, in command-line order (--instance groups the options after it).
    const std::vector<std::pair<std::string, std::string>>& ordered() const { return ordered_; }

private:
    Args(const std::vector<std::string>& tokens, const std::vector<std::string>& valueOptions,
         const std::vector<std::string>& flags, bool withGlobals);

    std::vector<std::pair<std::string, std::string>> ordered_;  // name, value ("" for flags)
    std::vector<std::string> positional_;
};

// Global options every subcommand accepts: the option table's process-wide rows
// (core/style/stylize_options.h) and --help.
const std::vector<std::string>& globalValueOptions();  // --threads --device --models-dir
const std::vector<std::string>& globalFlags();         // --json --help

double parseDouble(const std::string& option, const std::string& text);
int parseInt(const std::string& option, const std::string& text);

}  // namespace instyle::cli
