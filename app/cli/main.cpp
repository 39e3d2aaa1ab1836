// instyle-cli: the headless front end. Each subcommand lives in its own cmd_*.cpp.

#include "cli/commands.h"

#include "core/base/error.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <iostream>
#include <new>

namespace {

std::string version() {
    std::string v = "instyle-cli " INSTYLE_VERSION;
    const std::string describe = INSTYLE_GIT_DESCRIBE;
    if (!describe.empty()) v += " (" + describe + ")";
    return v;
}

void printUsage(std::ostream& out) {
    out << "Usage: instyle-cli COMMAND [OPTIONS]\n\n"
           "Depth-aware and Laplacian-steered instance style transfer, headless.\n\nCommands:\n";
    auto list = instyle::cli::commands();
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& c : list) {
        out << "  " << c.name << std::string(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ') << c.summary << "\n";
    }
    out << "\nRun 'instyle-cli COMMAND --help' for a command's options.\n"
           "  --version   print the version\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace instyle::cli;
    std::vector<std::string> tokens(argv + 1, argv + argc);
    if (tokens.empty()) {
        printUsage(std::cerr);
        return kExitUsage;
    }
    const std::string name = tokens.front();
    if (name == "--version" || name == "version") {
        std::cout << version() << "\n";
        return kExitOk;
    }
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(std::cout);
        return kExitOk;
    }
    const auto& list = commands();
    auto it = std::find_if(list.begin(), list.end(), [&](const Command& c) { return c.name == name; });
    if (it == list.end()) {
        std::cerr << "instyle-cli: unknown command '" << name << "' (see instyle-cli --help)\n";
        return kExitUsage;
    }
    tokens.erase(tokens.begin());
    try {
        return it->run(tokens);
    } catch (const UsageError& e) {
        std::cerr << "instyle-cli " << name << ": " << e.what() << " (see instyle-cli " << name << " --help)\n";
        return kExitUsage;
    } catch (const instyle::Error& e) {
        std::cerr << "instyle-cli " << name << ": " << e.what() << "\n";
        return e.category() == instyle::ErrorCategory::InvalidArgument ? kExitUsage : kExitFailure;
    } catch (const std::exception& e) {
        // Out of memory (CPU or GPU) and LibTorch errors end here, as one line.
        std::cerr << "instyle-cli " << name << ": " << instyle::describeFailure(e, "try a smaller --size") << "\n";
        return kExitFailure;
    }
}
