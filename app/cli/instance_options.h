#pragma once
// The instance part of `instyle-cli stylize`: which regions of the photo to repaint, each with
// its paintings, weights and blending — from --mask/--rect/--point/--class, from repeated
// `--instance` groups, or from a job file (--job). --save-params writes a job file.

#include "cli/cli_args.h"
#include "cli/commands.h"

#include "imaging/instance_stylizer.h"

#include <optional>
#include <string>
#include <vector>

namespace instyle::cli {

// Options that belong to one instance (valid globally as defaults and inside a group).
const std::vector<std::string>& instanceValueOptions();
const std::vector<std::string>& instanceFlags();

// "PATH[:WEIGHT]" → (path, weight); a path may itself contain ':' so only a numeric suffix
// counts as a weight.
std::pair<std::string, double> parseStyleSpec(const std::string& text);

// True when the command line asks for instance mode (any mask source, --instance or --job).
bool wantsInstances(const Args& args);

// Where a mask came from, kept for --save-params.
struct InstanceSource {
    std::string kind;  // "mask" | "rect" | "point" | "class"
    std::string value;
    std::vector<std::pair<std::string, double>> styles;  // path, weight
};

struct InstancePlan {
    std::vector<InstanceSpec> specs;
    std::vector<InstanceSource> sources;
};

// Builds the instances for `photo` (RGB at full resolution). Segmentation (--point/--class) runs
// once, with --segmenter FILE --arch ID. Throws UsageError / instyle::Error naming the problem.
InstancePlan planInstances(const Args& args, const cv::Mat& photo, const GlobalOptions& g, int styleSize);

// The job file that reproduces a run (the format --job reads).
std::string jobJson(const Args& args, const InstancePlan& plan, const std::string& content, const std::string& out);

}  // namespace instyle::cli
