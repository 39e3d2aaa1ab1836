#pragma once
// The one table of stylize/merge settings: each row is a setting's name (the command-line flag
// without its dashes and the job-file key), kind, default, accepted range, scope and help. The
// request types take their defaults from it, the engine validates against it, and every front
// end reads it: the CLI parser, `--help` and the man page, job files and --save-params, the
// window's sliders and spin boxes and the settings validators (Flameshot's CommandOption idea).
//
// Plain C++ (no Qt, no LibTorch), so that the widgets can include it without LibTorch's headers.

#include "core/base/compute_choices.h"
#include "core/base/number_text.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace instyle {

enum class OptionKind {
    Int,         // an integer in [min, max]
    Number,      // a finite number in [min, max] (or (min, max] with minExclusive)
    Choice,      // one of the '|'-separated `choices`
    Flag,        // on when given (a job file's true)
    Text,        // free text (a path to write, an architecture id, ...)
    InputFile,   // a file that must exist
    StyleFiles,  // PATH[:WEIGHT], repeatable
    InitImage,   // content | noise | PATH
    MaskSource,  // PATH, or an inline "data:image/png;base64,..." PNG
};

enum class OptionScope {
    Run,          // one value for the whole run (top level of a job file)
    Instance,     // per instance (inside an --instance group or a job file's "instances"; at the
                  // top level it is the default of every instance)
    Process,      // every instyle-cli command's options (--threads, --device, ...)
    CommandLine,  // the command line only (--job, --instance): not a job-file key
};

enum class OptionGroup { Inputs, Instances, Weights, Schedule, Output, Process };

struct OptionSpec {
    std::string_view name;
    OptionKind kind;
    OptionScope scope;
    OptionGroup group;
    double defaultValue;          // Int, Number, Flag (0 or 1)
    double min;                   // Int, Number
    double max;
    bool minExclusive;            // (min, max]: the learning rate must be > 0
    std::string_view choices;     // Choice: "hard|feather|guided|poisson" (enum order)
    std::string_view defaultText; // Choice: the default's name; others: how the default reads in help
    std::string_view valueName;   // in --help: N, X, PATH, ...
    std::string_view help;
    double sliderMin = 0;         // a logarithmic slider's shown range (0, 0: [min, max])
    double sliderMax = 0;
    int multipleOf = 0;           // Int: the value must be a multiple of this (0: any)
    bool repeatable = false;      // Text: may be given several times (a job file's list)
    bool maxExclusive = false;    // [min, max): a momentum must be < 1

    bool takesValue() const { return kind != OptionKind::Flag; }
    bool isNumeric() const { return kind == OptionKind::Int || kind == OptionKind::Number; }
    std::string flag() const { return "--" + std::string(name); }
};

namespace detail {
constexpr double kNoLimit = std::numeric_limits<double>::infinity();
constexpr OptionSpec number(std::string_view name, OptionScope scope, OptionGroup group, double def, double min,
                            double max, std::string_view valueName, std::string_view help, bool minExclusive = false) {
    return {name, OptionKind::Number, scope, group, def, min, max, minExclusive, {}, {}, valueName, help};
}
constexpr OptionSpec integer(std::string_view name, OptionScope scope, OptionGroup group, double def, double min,
                             double max, std::string_view valueName, std::string_view help) {
    return {name, OptionKind::Int, scope, group, def, min, max, false, {}, {}, valueName, help};
}
constexpr OptionSpec choice(std::string_view name, OptionScope scope, OptionGroup group, std::string_view choices,
                            std::string_view def, std::string_view help) {
    return {name, OptionKind::Choice, scope, group, 0, 0, 0, false, choices, def, {}, help};
}
constexpr OptionSpec other(std::string_view name, OptionKind kind, OptionScope scope, OptionGroup group,
                           std::string_view valueName, std::string_view help, std::string_view defaultText = {}) {
    return {name, kind, scope, group, 0, 0, 0, false, {}, defaultText, valueName, help};
}
constexpr OptionSpec weight(std::string_view name, double def, std::string_view help) {
    OptionSpec s = number(name, OptionScope::Instance, OptionGroup::Weights, def, 0, kNoLimit, "X", help);
    s.sliderMin = 1e-2;
    s.sliderMax = 1e10;
    return s;
}
}  // namespace detail

// The rows, by name. Kept in the order --help lists them.
namespace options {
using namespace detail;
using K = OptionKind;
using S = OptionScope;
using G = OptionGroup;

// Inputs and output.
inline constexpr OptionSpec content = other("content", K::InputFile, S::Run, G::Inputs, "PATH", "the photo");
inline constexpr OptionSpec style = other("style", K::StyleFiles, S::Instance, G::Inputs, "PATH[:WEIGHT]",
                                          "a painting; repeat to blend several (weights are normalised)");
inline constexpr OptionSpec out = other("out", K::Text, S::Run, G::Inputs, "PATH",
                                        "result (.png, .jpg, .tif, .bmp, .webp); written atomically");
inline constexpr OptionSpec init = other("init", K::InitImage, S::Run, G::Inputs, "content|noise|PATH",
                                         "starting image", "content");
inline constexpr OptionSpec vgg = other("vgg", K::InputFile, S::Run, G::Inputs, "FILE",
                                        "torchvision vgg19-dcbb9e9d.pth (default: found in the models folder; random "
                                        "weights when none is found - the result is then not a stylisation)");
inline constexpr OptionSpec midas = other("midas", K::InputFile, S::Run, G::Inputs, "FILE",
                                          "MiDaS midas_v21_small_256.pt (or a TorchScript depth model) for the depth term");
inline constexpr OptionSpec depthSize = [] {
    OptionSpec s = integer("depth-size", S::Run, G::Inputs, 256, 32, 4096, "N",
                           "side of the square the depth network sees (a multiple of 32)");
    s.multipleOf = 32;
    return s;
}();
inline constexpr OptionSpec detachDepth = other("detach-depth", K::Flag, S::Run, G::Inputs, {},
                                                "the notebook's depth term: no gradient through the depth network");
inline constexpr OptionSpec job = other("job", K::Text, S::CommandLine, G::Inputs, "FILE",
                                        "read options and instances from a JSON job file (see README)");

// Instances.
inline constexpr OptionSpec mask = other("mask", K::MaskSource, S::Instance, G::Instances, "PATH",
                                         "8-bit mask image, > 0 = inside (or data:image/png;base64,...)");
inline constexpr OptionSpec rect = other("rect", K::Text, S::Instance, G::Instances, "X,Y,W,H",
                                         "a rectangle in photo pixels");
inline constexpr OptionSpec point = [] {
    OptionSpec s = other("point", K::Text, S::Instance, G::Instances, "X,Y[:1|0]",
                         "with an FCN --arch, the instance under this photo pixel; with --arch mobile_sam, a --box, "
                         "a label or several points, a MobileSAM prompt point on (1, default) or off (0) the object; "
                         "repeatable");
    s.repeatable = true;
    return s;
}();
inline constexpr OptionSpec box = other("box", K::Text, S::Instance, G::Instances, "X0,Y0,X1,Y1",
                                        "a box around the object in photo pixels: MobileSAM selects it (with the "
                                        "instance's --point, in one decoder call)");
inline constexpr OptionSpec cls = other("class", K::Text, S::Instance, G::Instances, "NAME",
                                        "the largest instance of a PASCAL VOC class (needs --segmenter, --arch)");
inline constexpr OptionSpec segmenter = other("segmenter", K::InputFile, S::Run, G::Instances, "FILE",
                                              "segmenter weights for --point, --box and --class (default: the "
                                              "--arch's file in the models folders)");
inline constexpr OptionSpec arch = other("arch", K::Text, S::Run, G::Instances, "ID",
                                         "its architecture: an FCN (VOC classes) or mobile_sam (points and boxes; "
                                         "the photo's embedding cached)", "fcn_resnet50");
inline constexpr OptionSpec blend = choice("blend", S::Instance, G::Instances, "hard|feather|guided|poisson",
                                           "feather", "how the stylised instance is merged");
inline constexpr OptionSpec feather = integer("feather", S::Instance, G::Instances, 8, 0, 10000, "PX",
                                              "width of the soft edge in photo pixels");
inline constexpr OptionSpec margin = number("margin", S::Instance, G::Instances, 0.15, 0, 4, "F",
                                            "context around the instance's box, fraction per side");
inline constexpr OptionSpec preserveColor = choice("preserve-color", S::Instance, G::Instances,
                                                   "none|luminance|histogram", "none", "keep the object's colours");
inline constexpr OptionSpec background = other("background", K::Flag, S::Instance, G::Instances, {},
                                               "stylise everything except the instance");
inline constexpr OptionSpec instance = other("instance", K::Flag, S::CommandLine, G::Instances, {},
                                             "starts a group: the per-instance options after it (mask source, "
                                             "--style, weights, blend, feather, margin, preserve-color, "
                                             "background) apply to it");
inline constexpr OptionSpec saveMask = other("save-mask", K::Text, S::Run, G::Instances, "PATH",
                                             "write the union of the instance masks (PNG)");

// Loss weights (the paper's defaults).
inline constexpr OptionSpec alpha = weight("alpha", 1, "weight of the content term");
inline constexpr OptionSpec beta = weight("beta", 1, "weight of the style term");
inline constexpr OptionSpec theta = weight("theta", 1e4, "weight of the depth term");
inline constexpr OptionSpec gamma = weight("gamma", 1e2, "weight of the Laplacian term");
inline constexpr OptionSpec lapPool = integer("lap-pool", S::Run, G::Weights, 3, 1, 64, "K",
                                              "Laplacian pre-pooling kernel");
inline constexpr OptionSpec lapStride = integer("lap-stride", S::Run, G::Weights, 1, 1, 64, "S",
                                                "Laplacian pre-pooling stride");

// Size and schedule.
inline constexpr OptionSpec size = integer("size", S::Run, G::Schedule, 512, 16, 16384, "N",
                                           "long side of the work image in pixels");
inline constexpr OptionSpec styleSize = [] {
    OptionSpec s = integer("style-size", S::Run, G::Schedule, 0, 16, 16384, "N", "long side of the style images");
    s.defaultText = "the work size";
    return s;
}();
inline constexpr OptionSpec iters = integer("iters", S::Run, G::Schedule, 200, 0, 1000000, "N", "iterations");
inline constexpr OptionSpec scales = integer("scales", S::Run, G::Schedule, 3, 1, 8, "N",
                                             "coarse-to-fine levels (1: one scale); most iterations at half and "
                                             "quarter size, each level starting from the previous one upsampled; "
                                             "levels under 64 px are left out");
inline constexpr OptionSpec optimizer = choice("optimizer", S::Run, G::Schedule, "adam|lbfgs", "adam", "optimiser");
inline constexpr OptionSpec lr = number("lr", S::Run, G::Schedule, 1, 0, kNoLimit, "X", "learning rate", true);
inline constexpr OptionSpec decayAt = number("decay-at", S::Run, G::Schedule, 0.9, 0, 1, "F",
                                             "fraction of the iterations after which Adam restarts with lr*0.1 "
                                             "(1: never)");
inline constexpr OptionSpec weightDecay = number("weight-decay", S::Run, G::Schedule, 0, 0, kNoLimit, "X",
                                                 "L2 weight decay in Adam");
inline constexpr OptionSpec clamp = choice("clamp", S::Run, G::Schedule, "valid|notebook|none", "valid",
                                           "colour clamping");
inline constexpr OptionSpec preset = choice("preset", S::Run, G::Schedule, "paper-exact", "",
                                            "the authors' notebook: 224x224 squash, +-1.5 clamp before each step, "
                                            "one scale");
inline constexpr OptionSpec seed = integer("seed", S::Run, G::Schedule, 0, 0, 2147483647, "N",
                                           "random seed (noise init, random weights)");
inline constexpr OptionSpec conv = choice("conv", S::Run, G::Schedule, kConvChoices, "auto",
                                          "VGG19's 3x3 convolutions: Winograd F(4x4,3x3) or LibTorch's direct ones; "
                                          "auto: the faster one measured on this CPU (remembered in the cache folder)");
inline constexpr OptionSpec layout = choice("layout", S::Run, G::Schedule, kLayoutChoices, "auto",
                                            "VGG19's memory layout (nhwc: channels-last); auto: measured with --conv");

// Output.
inline constexpr OptionSpec jpegQuality = integer("jpeg-quality", S::Run, G::Output, 95, 1, 100, "Q",
                                                  "JPEG quality of the output");
inline constexpr OptionSpec fullSize = other("full-size", K::Flag, S::Run, G::Output, {},
                                             "without instances: scale the result back to the photo's size "
                                             "(as the window shows it)");
inline constexpr OptionSpec saveParams = other("save-params", K::Text, S::Run, G::Output, "PATH",
                                               "write a job file (JSON) that reproduces this run");
inline constexpr OptionSpec dryRun = other("dry-run", K::Flag, S::CommandLine, G::Output, {},
                                           "check the options and input files, write --save-params, and stop "
                                           "before any image is processed or model loads");

// Every instyle-cli command.
inline constexpr OptionSpec threads = integer("threads", S::Process, G::Process, 0, 0, 1024, "N",
                                              "threads for LibTorch (0: one per core)");
inline constexpr OptionSpec device = other("device", K::Text, S::Process, G::Process, "auto|cpu|cuda",
                                           "where to compute (auto: CUDA when available)", "auto");
inline constexpr OptionSpec modelsDir = other("models-dir", K::Text, S::Process, G::Process, "DIR",
                                              "where model files are looked for first");
inline constexpr OptionSpec json = other("json", K::Flag, S::Process, G::Process, {},
                                         "print one JSON object as the last line of stdout");

// The numbers and choices of instyle-cli's other commands. Command-line only and not in
// stylizeOptions(): they are neither stylize flags nor job-file keys, and train-seg's --lr shares
// its name but not its default or range with stylize's. Those commands write their --help by hand
// and take the defaults and ranges in it from here.
namespace depthCommand {
// The depth network's input side: stylize's --depth-size under the depth command's flag.
inline constexpr OptionSpec size = [] {
    OptionSpec s = depthSize;
    s.name = "size";
    s.scope = S::CommandLine;
    return s;
}();
}  // namespace depthCommand
namespace segmentCommand {  // segment and eval-seg
inline constexpr OptionSpec maxSide = integer("max-side", S::CommandLine, G::Instances, 1024, 0, 65536, "N",
                                              "the network sees at most N pixels on the long side (0: any)");
inline constexpr OptionSpec minArea = number("min-area", S::CommandLine, G::Instances, 0.001, 0, 1, "F",
                                             "smallest instance as a fraction of the image");
inline constexpr OptionSpec refine = choice("refine", S::CommandLine, G::Instances, "none|grabcut", "none",
                                            "refine the instance's mask with GrabCut seeded by the FCN mask");
}  // namespace segmentCommand
namespace trainSegCommand {  // the ranges SegmentationTrainer accepts; --seed is stylize's row
inline constexpr OptionSpec epochs = integer("epochs", S::CommandLine, G::Schedule, 0, 1, 1000000, "N",
                                             "train until N epochs are completed in total (required)");
inline constexpr OptionSpec batch = integer("batch", S::CommandLine, G::Schedule, 8, 1, 4096, "N", "images per step");
inline constexpr OptionSpec crop = integer("crop", S::CommandLine, G::Schedule, 320, 32, 8192, "N",
                                           "side of the random training crops");
inline constexpr OptionSpec lr = [] {
    OptionSpec s = number("lr", S::CommandLine, G::Schedule, 1e-2, 0, kNoLimit, "X", "SGD learning rate", true);
    s.defaultText = "1e-2";
    return s;
}();
inline constexpr OptionSpec wd = [] {
    OptionSpec s = number("wd", S::CommandLine, G::Schedule, 1e-4, 0, kNoLimit, "X", "L2 weight decay");
    s.defaultText = "1e-4";
    return s;
}();
inline constexpr OptionSpec momentum = [] {
    OptionSpec s = number("momentum", S::CommandLine, G::Schedule, 0.9, 0, 1, "X", "SGD momentum");
    s.maxExclusive = true;
    return s;
}();
}  // namespace trainSegCommand
}  // namespace options

// The key of a job file under which the window keeps what only it uses (the view, the gallery,
// the selection's instance indices); instyle-cli ignores it.
inline constexpr std::string_view kWindowExtrasKey = "instyle-window";

// All rows, in help order.
const std::vector<const OptionSpec*>& stylizeOptions();
// The row called `name`, or null.
const OptionSpec* findOption(std::string_view name);
// The other commands' rows (options::depthCommand, segmentCommand, trainSegCommand).
const std::vector<const OptionSpec*>& commandOptions();

// The accepted range as the messages show it: "0..1", "> 0", ">= 0", ">= 0 and < 1".
std::string rangeText(const OptionSpec& spec);
// A value's problem, "" when it is fine: "-3 is outside 0..1", "1.5 is not an integer",
// "'x' is not one of hard, feather, guided, poisson".
std::string numberProblem(const OptionSpec& spec, double value);
std::string choiceProblem(const OptionSpec& spec, std::string_view text);

// Checked values: throw instyle::Error(InvalidArgument) with one line naming the option and its
// range ("--decay-at: -3 is outside 0..1").
double checkedNumber(const OptionSpec& spec, double value);
int checkedInt(const OptionSpec& spec, double value);
// The index of `text` among the spec's choices (enum order).
int checkedChoice(const OptionSpec& spec, std::string_view text);

std::vector<std::string> choiceNames(const OptionSpec& spec);
std::string choiceName(const OptionSpec& spec, int index);  // "" when out of range
int defaultChoice(const OptionSpec& spec);                   // the index of the default (-1: none)

// `text` parsed as the spec's kind (Int or Number) and checked: "--lr: 'abc' is not a number".
double parseNumber(const OptionSpec& spec, const std::string& text);

}  // namespace instyle
