#include "cli/commands.h"

#include "core/runtime.h"

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
    g.threads = configureThreads(args.intValue("threads", 0, 0, 1024));
    g.device = resolveDevice(parseDeviceChoice(args.value("device").value_or("auto")));
    g.modelsDir = args.value("models-dir").value_or("");
    g.json = args.flag("json");
    return g;
}

std::string globalOptionsHelp() {
    return "Global options:\n"
           "  --threads N            CPU threads for LibTorch (default: one per core)\n"
           "  --device auto|cpu|cuda where to compute (default: auto = CUDA when available)\n"
           "  --models-dir DIR       where to look for model files first\n"
           "  --json                 print one JSON object as the last line of stdout\n"
           "  --help                 this help\n";
}

}  // namespace instyle::cli
