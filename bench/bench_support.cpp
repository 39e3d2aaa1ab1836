#include "bench_support.h"

#include "cli/option_args.h"

#include "core/base/error.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <unistd.h>

namespace instyle::bench {

int runProgram(const Program& program, int argc, char** argv, const std::function<int(const cli::Args&)>& body) {
    try {
        std::vector<std::string> flags = program.flags;
        flags.emplace_back("help");
        const auto args = cli::Args::withoutGlobals(std::vector<std::string>(argv + 1, argv + argc), program.valueOptions, flags);
        if (args.flag("help")) {
            std::cout << program.usage;
            return 0;
        }
        if (!args.positional().empty()) throw cli::UsageError("unexpected argument '" + args.positional().front() + "'");
        return body(args);
    } catch (const cli::UsageError& e) {
        std::cerr << program.name << ": " << e.what() << " (see " << program.name << " --help)\n";
        return 2;
    } catch (const Error& e) {
        std::cerr << program.name << ": " << e.what() << "\n";
        return e.category() == ErrorCategory::InvalidArgument ? 2 : program.failureExit;
    } catch (const std::exception& e) {
        std::cerr << program.name << ": " << e.what() << "\n";
        return program.failureExit;
    }
}

int intAtLeast(const cli::Args& args, const std::string& name, int fallback, int min) {
    return args.intValue(name, fallback, min, INT_MAX);
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) items.push_back(item);
    return items;
}

std::vector<int> intList(const cli::Args& args, const std::string& name, const std::vector<int>& fallback, int min) {
    const auto text = args.value(name);
    if (!text) return fallback;
    std::vector<int> out;
    for (const auto& item : splitList(*text)) {
        out.push_back(cli::parseInt(name, item));
        if (out.back() < min)
            throw cli::UsageError("option '--" + name + "' takes numbers >= " + std::to_string(min) + " (got " + item + ")");
    }
    if (out.empty()) throw cli::UsageError("option '--" + name + "' needs at least one value");
    return out;
}

std::vector<double> numberList(const cli::Args& args, const std::string& name, const std::vector<double>& fallback) {
    const auto text = args.value(name);
    if (!text) return fallback;
    std::vector<double> out;
    for (const auto& item : splitList(*text)) out.push_back(cli::parseDouble(name, item));
    if (out.empty()) throw cli::UsageError("option '--" + name + "' needs at least one value");
    return out;
}

std::vector<int> choiceList(const cli::Args& args, const OptionSpec& spec) {
    const auto text = args.value(std::string(spec.name));
    if (!text) return {cli::choiceOption(args, spec)};
    std::vector<int> out;
    for (const auto& item : splitList(*text)) out.push_back(checkedChoice(spec, item));
    if (out.empty()) throw Error(ErrorCategory::InvalidArgument, spec.flag() + " needs at least one value");
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::vector<Timing> timeInterleaved(int reps, const std::vector<std::function<void()>>& fs) {
    for (const auto& f : fs) f();
    std::vector<std::vector<double>> wall(fs.size()), cpu(fs.size());
    for (int i = 0; i < reps; ++i)
        for (size_t k = 0; k < fs.size(); ++k) {
            const auto start = std::chrono::steady_clock::now();
            const double cpuStart = processCpuSeconds();
            fs[k]();
            cpu[k].push_back(processCpuSeconds() - cpuStart);
            wall[k].push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
    std::vector<Timing> result;
    for (size_t k = 0; k < fs.size(); ++k) result.push_back({median(wall[k]), median(cpu[k])});
    return result;
}

TempDir::TempDir(const std::string& prefix) {
    std::string name = "/tmp/" + prefix + "-XXXXXX";
    if (!::mkdtemp(name.data())) throw Error(ErrorCategory::Io, "cannot create a temporary folder");
    path_ = name;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

TempFile::TempFile(const std::string& prefix) {
    std::string name = "/tmp/" + prefix + "-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) return;
    ::close(fd);
    path_ = name;
}

TempFile::~TempFile() { remove(); }

void TempFile::remove() {
    if (!path_.empty()) ::unlink(path_.c_str());
    path_.clear();
}

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw Error(ErrorCategory::Io, "cannot run: " + command);
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe)) out += buf;
    if (::pclose(pipe) != 0) throw Error(ErrorCategory::Io, "failed: " + command + "\n" + out);
    return out;
}

std::string runPython(const std::string& script, const std::string& arguments, bool resultOnly) {
    const std::string out = run(std::string(INSTYLE_PYTHON) + " " + INSTYLE_SOURCE_DIR "/" + script + " " + arguments);
    if (!resultOnly) return out;
    std::string result, line;
    std::istringstream lines(out);
    while (std::getline(lines, line))
        if (line.find("RESULT") != std::string::npos) result += line + "\n";
    return result;
}

double field(const std::string& line, const std::string& key) {
    const auto pos = line.find(key + "=");
    if (pos == std::string::npos) throw Error(ErrorCategory::Format, "reference output lacks " + key + ": " + line);
    return std::stod(line.substr(pos + key.size() + 1));
}

}  // namespace instyle::bench
