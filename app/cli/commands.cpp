#include "cli/commands.h"

#include "cli/option_args.h"

#include "core/base/runtime.h"

#include <iostream>

namespace instyle::cli {

namespace {

std::vector<Command>& registry() {
    static std::vector<Command> list;
    return list;
}

}  // namespace

bool registerCommand(Command command) {
    registry().push_back(std::move(command));
    return true;
}

const std::vector<Command>& commands() { return registry(); }

GlobalOptions applyGlobalOptions(const Args& args) {
    GlobalOptions g;
    g.threads = configureThreads(intOption(args, options::threads));
    g.device = resolveDevice(parseDeviceChoice(args.value("device").value_or(std::string(options::device.defaultText))));
    g.modelsDir = args.value("models-dir").value_or("");
    g.json = args.flag("json");
    return g;
}

std::string globalOptionsHelp() {
    return "Global options:\n" + tableHelp(OptionGroup::Process) + "  --help                 this help\n";
}

void printCommandHelp(const std::string& help) { std::cout << help << "\n" << globalOptionsHelp(); }

bool helpAsked(const Args& args, const std::string& help) {
    if (!args.flag("help")) return false;
    printCommandHelp(help);
    return true;
}

}  // namespace instyle::cli
