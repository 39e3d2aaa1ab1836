#pragma once
// The instance part of `instyle-cli stylize`: which regions of the photo to repaint, each with
// its paintings, weights and blending — from --mask/--rect/--point/--class, from repeated
// `--instance` groups, or from a job file (--job). --save-params writes a job file.

#include "cli/cli_args.h"
#include "cli/commands.h"

#include "imaging/compose/instance_stylizer.h"

#include <optional>
#include <string>
#include <vector>

namespace instyle::cli {

// "PATH[:WEIGHT]" → (path, weight); a path may itself contain ':' so only a numeric suffix
// counts as a weight.
std::pair<std::string, double> parseStyleSpec(const std::string& text);

// True when the command line asks for instance mode (any mask source, --instance or --job).
bool wantsInstances(const Args& args);

// The --instance groups of the command line, each holding its own per-instance options (empty:
// no group; then the top-level options describe the one instance). Throws UsageError for an
// option that is not per instance inside a group.
std::vector<Args> instanceGroups(const Args& args);
// Each instance has one mask source, a known class name and a painting: UsageError naming the
// instance otherwise (before anything is loaded).
void checkInstanceSources(const Args& args);
// The options before the first --instance (the defaults of every instance).
Args topLevelOptions(const Args& args);

// Builds the instances for `photo` (RGB at full resolution). Segmentation (--point/--class) runs
// once, with --segmenter FILE --arch ID. Throws UsageError / instyle::Error naming the problem.
std::vector<InstanceSpec> planInstances(const Args& args, const cv::Mat& photo, const GlobalOptions& g);

// The job file that reproduces a run (the format --job reads): every run setting with its
// effective value (the default where none was given), and each instance's source, paintings,
// weights and merge settings (or, without instances, the paintings and weights at the top level).
std::string jobJson(const Args& args);

}  // namespace instyle::cli
