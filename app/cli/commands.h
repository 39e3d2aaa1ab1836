#pragma once
// The subcommands of instyle-cli register themselves here (one cmd_*.cpp each), so adding a
// command touches no shared file.

#include "cli/cli_args.h"

#include <c10/core/Device.h>

#include <functional>
#include <string>
#include <vector>

namespace instyle::cli {

struct Command {
    std::string name;
    std::string summary;  // one line for `instyle-cli --help`
    std::function<int(const std::vector<std::string>& tokens)> run;
};

bool registerCommand(Command command);
const std::vector<Command>& commands();

#define INSTYLE_CLI_COMMAND(NAME, SUMMARY, FUNCTION) \
    static const bool instyleCliRegistered_##FUNCTION = ::instyle::cli::registerCommand({NAME, SUMMARY, FUNCTION})

// Options every subcommand accepts (--threads, --device, --models-dir, --json), applied.
struct GlobalOptions {
    int threads = 0;
    c10::Device device = c10::Device(c10::kCPU);
    std::string modelsDir;
    bool json = false;
};
GlobalOptions applyGlobalOptions(const Args& args);

// Help text of the global options, appended to every subcommand's help.
std::string globalOptionsHelp();

// A command's help and then the global options', on stdout.
void printCommandHelp(const std::string& help);
// The opening every command shares: with --help, prints its help (printCommandHelp) and returns
// true, and the command returns kExitOk.
bool helpAsked(const Args& args, const std::string& help);

// Exit codes.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the work failed (bad file, numeric fault, ...)
constexpr int kExitUsage = 2;    // bad command line

}  // namespace instyle::cli
