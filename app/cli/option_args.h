#pragma once
// The option table (core/style/stylize_options.h) on the command line: which names Args accepts, the
// values of the table's rows (defaults when absent, checked against their ranges when given) and
// the --help lines, so that the parser, the help and the man page follow the table.

#include "cli/cli_args.h"

#include "core/style/stylize_options.h"

#include <initializer_list>
#include <string>
#include <vector>

namespace instyle::cli {

// The names of the table's rows in `scopes` that take a value, and those that are flags.
std::vector<std::string> tableValueOptions(std::initializer_list<OptionScope> scopes);
std::vector<std::string> tableFlags(std::initializer_list<OptionScope> scopes);

// A row's value on the command line (the last one given), or its default. A given value is parsed
// and checked: instyle::Error(InvalidArgument) "--decay-at: -3 is outside 0..1".
double numberOption(const Args& args, const OptionSpec& spec);
int intOption(const Args& args, const OptionSpec& spec);
int choiceOption(const Args& args, const OptionSpec& spec);  // the index in the row's choices

// Every number and choice on the command line (in --instance groups too) checked against its row,
// so that a bad value is refused before any file is read or model loaded.
void checkTableValues(const Args& args);

// The --help lines of the rows of `group` (in table order), with their defaults and ranges.
std::string tableHelp(OptionGroup group);

// How a row's default reads in --help ("1024", "the work size"; "" when it has none).
std::string helpDefault(const OptionSpec& spec);
// A row's default and range as --help notes them: "default 1024; 0..65536" (the range alone
// without a default), for the commands whose help is written by hand.
std::string helpNotes(const OptionSpec& spec);

}  // namespace instyle::cli
