#pragma once
// What the bench programs in bench/ share: their command line (instyle-cli's parser and option
// table), medians, CPU time and interleaved timing, temporary files, and the Python reference
// (run with INSTYLE_PYTHON; its last line is "RESULT key=value ..."). LibTorch-free, so that the
// core-only build's benches link it too.

#include "cli/cli_args.h"
#include "cli/option_args.h"
#include "core/style/stylize_options.h"

#include <functional>
#include <string>
#include <vector>

namespace instyle::bench {

// One bench program's command line: what it accepts (--help is added) and what --help prints.
struct Program {
    std::string name;  // "instyle-bench", at the start of its error messages
    std::string usage;
    std::vector<std::string> valueOptions, flags;
    int failureExit = 1;  // the exit status when the run fails; a bad command line gives 2
};

// Parses the command line as `program` declares it and runs `body` with it. --help prints the
// usage (exit 0); an error ends the program with one line "NAME: message" on stderr.
int runProgram(const Program& program, int argc, char** argv, const std::function<int(const cli::Args&)>& body);

// A row of the option table with another default: a bench's own default, the table's range and
// messages ("--threads: 2000 is outside 0..1024").
constexpr OptionSpec withDefault(OptionSpec spec, double value) {
    spec.defaultValue = value;
    spec.defaultText = {};
    return spec;
}
// An integer option with no row of its own, at least `min` ("--repeats: 0 is outside 1..2147483647").
int intAtLeast(const cli::Args& args, const std::string& name, int fallback, int min);

// Comma-separated lists: "256,512".
std::vector<std::string> splitList(const std::string& text);
std::vector<int> intList(const cli::Args& args, const std::string& name, const std::vector<int>& fallback, int min);
std::vector<double> numberList(const cli::Args& args, const std::string& name, const std::vector<double>& fallback);
// The indices of a list of `spec`'s choices ("auto,winograd" of --conv), at least one.
std::vector<int> choiceList(const cli::Args& args, const OptionSpec& spec);

double median(std::vector<double> v);
double processCpuSeconds();

struct Timing {
    double wall = 0, cpu = 0;  // medians, seconds
};

// Median wall and process-CPU seconds of each function over `reps` rounds after one warm-up
// round. The functions alternate within a round so that a shared, busy machine slows them
// alike; CPU time is reported too because it depends less on what else the machine runs.
std::vector<Timing> timeInterleaved(int reps, const std::vector<std::function<void()>>& fs);

// A folder of this run's own under /tmp, removed with what it holds when the object goes.
class TempDir {
public:
    explicit TempDir(const std::string& prefix);  // "/tmp/PREFIX-XXXXXX"
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// An empty file of this run's own under /tmp (a cache file that must start empty), removed when
// the object goes; path() is "" when none could be made.
class TempFile {
public:
    explicit TempFile(const std::string& prefix);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    void remove();

private:
    std::string path_;
};

// The command's standard output; throws Error(Io) when it cannot start or exits non-zero.
std::string run(const std::string& command);

// INSTYLE_PYTHON running `script` (relative to the source tree) with `arguments`: its standard
// output, or with resultOnly its RESULT lines.
std::string runPython(const std::string& script, const std::string& arguments, bool resultOnly = true);

// The number after "key=" in a reference's RESULT line.
double field(const std::string& line, const std::string& key);

}  // namespace instyle::bench
