// instyle-cli stylize: optimise a photo (or a part of it) under the paper's loss.

#include "cli/commands.h"
#include "cli/instance_options.h"
#include "cli/interrupt_guard.h"
#include "cli/job_file.h"
#include "cli/option_args.h"
#include "cli/progress_bar.h"
#include "cli/stylize_setup.h"

#include "core/nets/depth_model.h"
#include "core/kernels/conv_tuner.h"
#include "core/base/error.h"
#include "core/base/json_writer.h"
#include "core/base/runtime.h"
#include "core/style/stylize_options.h"
#include "core/style/stylizer.h"
#include "imaging/io/image_io.h"
#include "imaging/compose/instance_stylizer.h"
#include "imaging/io/mat_tensor.h"

#include <opencv2/imgproc.hpp>

#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

namespace instyle::cli {

namespace {

std::string help() {
    return "Usage: instyle-cli stylize --content PATH --style PATH[:WEIGHT] [--style ...] --out PATH [options]\n"
           "\n"
           "Repaints the content image in the style of one or more paintings by optimising\n"
           "L = alpha*content + beta*style + theta*depth + gamma*Laplacian (the paper's loss).\n"
           "\n"
           "Inputs and output:\n" + tableHelp(OptionGroup::Inputs) + tableHelp(OptionGroup::Output) +
           "\nInstances (the result then keeps the photo's full size; only the instances change):\n" +
           tableHelp(OptionGroup::Instances) +
           "\nLoss weights (the paper's defaults):\n" + tableHelp(OptionGroup::Weights) +
           "\nSize and schedule:\n" + tableHelp(OptionGroup::Schedule);
}

// Loads an image and brings it to the work geometry: long side `size`, or an exact
// `squash` x `squash` square for the paper-exact preset.
cv::Mat prepareImage(const std::string& path, int size, int squash) {
    cv::Mat rgb = loadImageRgb(path);
    if (squash > 0) {
        cv::Mat out;
        cv::resize(rgb, out, cv::Size(squash, squash), 0, 0, cv::INTER_AREA);
        return out;
    }
    return resizeLongSide(rgb, size, kMinWorkSide);
}

void writeTerms(JsonWriter& j, const char* name, const LossTerms& t) {
    j.objectField(name)
        .field("content", t.content)
        .field("style", t.style)
        .field("depth", t.depth)
        .field("laplacian", t.laplacian)
        .field("total", t.total)
        .endObject();
}

// What both modes report: the optimisation(s) run, summed over instances.
struct RunSummary {
    int iterations = 0;
    int levels = 1;  // coarse-to-fine levels run (per instance)
    cv::Size workSize, outputSize;
    double secondsSetup = 0, secondsLoop = 0;
    LossTerms first, last;
    bool cancelled = false;
    std::string error;
    // The convolution algorithm and layout used (the first instance's with instances).
    ConvAlgorithm conv = ConvAlgorithm::Direct;
    MemoryLayout layout = MemoryLayout::Nchw;
    std::string convChoice;
};

void noteConv(RunSummary& summary, const StyleResult& result) {
    summary.conv = result.conv;
    summary.layout = result.layout;
    summary.convChoice = result.convChoice;
}

void printJson(const RunSummary& run, const GlobalOptions& g, const std::string& vggDescription,
               const std::string& depthDescription, const std::string& out, const MergeResult* merged) {
    JsonWriter j;
    j.beginObject().field("iters", run.iterations).field("scales", run.levels);
    j.beginArray("size").value(run.workSize.width).value(run.workSize.height).endArray();
    j.field("device", g.device.str()).field("threads", currentThreads());
    j.field("conv", convName(run.conv)).field("layout", layoutName(run.layout)).field("conv_choice", run.convChoice);
    j.field("seconds_setup", run.secondsSetup).field("seconds_total", run.secondsLoop);
    j.field("seconds_per_iter", run.iterations > 0 ? run.secondsLoop / run.iterations : 0.0);
    writeTerms(j, "loss_first", run.first);
    writeTerms(j, "loss_last", run.last);
    j.beginArray("output_size").value(run.outputSize.width).value(run.outputSize.height).endArray();
    j.field("cancelled", run.cancelled).field("vgg", vggDescription).field("depth", depthDescription).field("output", out);
    if (merged) {
        j.beginArray("instances");
        for (const auto& inst : merged->instances) {
            j.beginObject().field("iters", inst.result.iterationsDone);
            j.beginArray("crop").value(inst.crop.x).value(inst.crop.y).value(inst.crop.width).value(inst.crop.height).endArray();
            j.beginArray("size").value(inst.workSize.width).value(inst.workSize.height).endArray();
            j.field("seconds_total", inst.result.secondsLoop);
            writeTerms(j, "loss_first", inst.result.lossFirst);
            writeTerms(j, "loss_last", inst.result.lossLast);
            j.endObject();
        }
        j.endArray();
    }
    if (!run.error.empty()) j.field("error", run.error);
    j.endObject();
    std::cout << j.str() << std::endl;
}

// The run's settings from the option table's rows (the preset already expanded into them).
StyleRequest requestFromArgs(const Args& args, const GlobalOptions& g) {
    using namespace options;
    StyleRequest request;
    request.device = g.device;
    request.seed = static_cast<uint64_t>(intOption(args, seed));
    request.weights = {numberOption(args, alpha), numberOption(args, beta), numberOption(args, theta),
                       numberOption(args, gamma)};
    request.schedule.iterations = intOption(args, iters);
    request.schedule.scales = intOption(args, scales);
    request.schedule.optimizer = static_cast<OptimizerKind>(choiceOption(args, optimizer));
    request.schedule.lr = numberOption(args, lr);
    request.schedule.decayAt = numberOption(args, decayAt);
    request.schedule.weightDecay = numberOption(args, weightDecay);
    request.schedule.clamp = static_cast<ClampMode>(choiceOption(args, clamp));
    request.laplacian.poolKernel = intOption(args, lapPool);
    request.laplacian.poolStride = intOption(args, lapStride);
    request.depthSize = intOption(args, depthSize);
    request.depthGradient = !args.flag(std::string(detachDepth.name));
    request.conv = static_cast<ConvAlgorithm>(choiceOption(args, conv));
    request.layout = static_cast<MemoryLayout>(choiceOption(args, layout));
    return request;
}

// --preset paper-exact stands for the notebook's settings; options given after it still win.
std::vector<std::string> expandPreset(const std::vector<std::string>& tokens, const Args& args) {
    if (!args.value(std::string(options::preset.name))) return tokens;
    std::vector<std::string> out{"--clamp", "notebook", "--detach-depth", "--scales", "1"};
    out.insert(out.end(), tokens.begin(), tokens.end());
    return out;
}

// The files the options name, checked before anything is loaded (a job file's were checked when
// it was read).
void checkInputFiles(const Args& args) {
    for (const auto& [name, value] : args.ordered()) {
        const OptionSpec* spec = findOption(name);
        if (!spec) continue;
        std::string path;
        if (spec->kind == OptionKind::InputFile) path = value;
        else if (spec->kind == OptionKind::StyleFiles) path = parseStyleSpec(value).first;
        else if (spec->kind == OptionKind::MaskSource && value.rfind("data:", 0) != 0) path = value;
        else if (spec->kind == OptionKind::InitImage && value != "content" && value != "noise") path = value;
        if (!path.empty() && !std::ifstream(path).good())
            throw Error(ErrorCategory::Io, spec->flag() + ": " + path + ": no such file or not readable");
    }
}

struct RunSettings {
    int size = 0, styleSize = 0, squash = 0;
    bool fullSize = false;
    std::string outPath;
    ImageWriteOptions writeOptions;
};

// The whole image at the work size (or, with --full-size, scaled back to the photo's size).
RunSummary stylizeWhole(const Args& args, StyleRequest request, Stylizer& stylizer, const RunSettings& run,
                        ProgressBar& bar, const std::atomic_bool& interrupted) {
    const cv::Mat photo = loadImageRgb(args.required("content"));
    const cv::Mat work = run.squash > 0 ? prepareImage(args.required("content"), 0, run.squash)
                                        : resizeLongSide(photo, run.size, kMinWorkSide);
    request.content = matToTensor(work);
    for (const auto& s : args.values("style")) {
        const auto [path, weight] = parseStyleSpec(s);
        request.styles.push_back({matToTensor(prepareImage(path, run.styleSize, run.squash)), weight});
    }
    const std::string init = args.value("init").value_or("content");
    if (init == "noise") {
        request.init = InitMode::Noise;
    } else if (init != "content") {
        request.init = InitMode::Image;
        cv::Mat initImage;
        cv::resize(loadImageRgb(init), initImage, work.size(), 0, 0, cv::INTER_AREA);
        request.initImage = matToTensor(initImage);
    }
    const StyleResult result = stylizer.run(
        request,
        [&](const Progress& p) {
            char suffix[128];
            std::snprintf(suffix, sizeof suffix, "loss %.4g  %.2f s/it  %s", p.loss.total, p.secondsElapsed / p.iteration,
                          etaText(p.secondsLeft).c_str());
            bar.update(p.iteration, p.iterations, suffix);
        },
        interrupted);
    bar.finish();
    cv::Mat image = tensorToMat(result.image);
    if (run.fullSize) image = resizeResult(image, photo.size());
    saveImage(run.outPath, image, run.writeOptions);
    RunSummary summary;
    summary.iterations = result.iterationsDone;
    summary.levels = result.levels;
    summary.workSize = work.size();
    summary.outputSize = image.size();
    summary.secondsSetup = result.secondsSetup;
    summary.secondsLoop = result.secondsLoop;
    summary.first = result.lossFirst;
    summary.last = result.lossLast;
    summary.cancelled = result.cancelled;
    summary.error = result.error;
    noteConv(summary, result);
    return summary;
}

// Writes `merged` over `outPath`, with the photo's transparency passed through unchanged.
void saveMerged(const MergeResult& merged, const DecodedImage& photo, const RunSettings& run) {
    const cv::Mat& result = merged.image16.empty() ? merged.image : merged.image16;
    if (photo.alpha.empty()) {
        saveImage(run.outPath, result, run.writeOptions);
        return;
    }
    cv::Mat alpha = photo.alpha;
    if (alpha.depth() != result.depth()) alpha.convertTo(alpha, result.depth(), result.depth() == CV_16U ? 257.0 : 1.0 / 257.0);
    cv::Mat rgba;
    cv::merge(std::vector<cv::Mat>{result, alpha}, rgba);
    saveImage(run.outPath, rgba, run.writeOptions);
}

// Chosen instances at the photo's full resolution: crop, stylise, blend back.
RunSummary stylizeInstances(const Args& args, const StyleRequest& base, Stylizer& stylizer, const GlobalOptions& g,
                            const RunSettings& run, ProgressBar& bar, const std::atomic_bool& interrupted,
                            MergeResult& merged) {
    MergeRequest request;
    const DecodedImage photo = loadImage(args.required("content"));
    request.photo = photo.rgb;
    request.photo16 = photo.rgb16;  // 16-bit files are merged and written at 16 bits
    const auto planStart = std::chrono::steady_clock::now();  // includes segmentation for --point/--class
    request.instances = planInstances(args, request.photo, g);
    const double planSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - planStart).count();
    request.workSize = run.size;
    request.styleSize = run.styleSize;
    request.style = base;
    if (args.value("init").value_or("content") == "noise") request.style.init = InitMode::Noise;

    if (auto maskPath = args.value("save-mask")) {
        cv::Mat all(request.photo.size(), CV_8UC1, cv::Scalar(0));
        for (const auto& spec : request.instances) all |= spec.mask > 0;
        saveImage(*maskPath, all, run.writeOptions);
    }

    InstanceStylizer pipeline(stylizer);
    const long long total = static_cast<long long>(request.instances.size()) * request.style.schedule.iterations;
    merged = pipeline.run(
        request,
        [&](const MergeProgress& m) {
            char suffix[128];
            std::snprintf(suffix, sizeof suffix, "instance %d/%d  loss %.4g  %s", m.instance + 1, m.instances,
                          m.progress.loss.total, etaText(mergeSecondsLeft(m.progress, m.instance, m.instances)).c_str());
            bar.update(static_cast<long long>(m.instance) * request.style.schedule.iterations + m.progress.iteration, total, suffix);
        },
        interrupted);
    bar.finish();
    saveMerged(merged, photo, run);

    RunSummary summary;
    summary.secondsSetup = planSeconds;
    summary.outputSize = merged.image.size();
    summary.cancelled = merged.cancelled;
    summary.error = merged.error;
    for (const auto& inst : merged.instances) {
        summary.iterations += inst.result.iterationsDone;
        summary.levels = std::max(summary.levels, inst.result.levels);
        summary.secondsSetup += inst.result.secondsSetup;
        summary.secondsLoop += inst.result.secondsLoop;
    }
    if (!merged.instances.empty()) {
        summary.workSize = merged.instances.front().workSize;
        summary.first = merged.instances.front().result.lossFirst;
        noteConv(summary, merged.instances.front().result);
        summary.last = merged.instances.back().result.lossLast;
    }
    return summary;
}

// `tokens` with the given --conv and --layout in place of those the user gave (first, so that
// they are top-level options whatever instance groups follow).
std::vector<std::string> withResolvedConv(const std::vector<std::string>& tokens, ConvAlgorithm conv,
                                          MemoryLayout layout) {
    std::vector<std::string> out{options::conv.flag(), convName(conv), options::layout.flag(), layoutName(layout)};
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        bool ours = false;
        for (const OptionSpec* s : {&options::conv, &options::layout}) {
            if (t == s->flag()) ours = true, ++i;  // and its value
            else if (t.rfind(s->flag() + "=", 0) == 0) ours = true;
        }
        if (!ours) out.push_back(t);
    }
    return out;
}

Args parseStylizeArgs(const std::vector<std::string>& tokens) {
    using S = OptionScope;
    return Args(tokens, tableValueOptions({S::Run, S::Instance, S::CommandLine}), tableFlags({S::Run, S::Instance, S::CommandLine}));
}

int runStylize(const std::vector<std::string>& commandLine) {
    std::vector<std::string> tokens = expandJobFile(commandLine);
    Args args = parseStylizeArgs(tokens);
    if (helpAsked(args, help())) return kExitOk;
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
    // Every value is checked against the option table before a file is read or a model loads.
    checkTableValues(args);
    args = parseStylizeArgs(expandPreset(tokens, args));
    parseDeviceChoice(args.value("device").value_or(std::string(options::device.defaultText)));
    checkInstanceSources(args);  // also refuses a global option inside a group

    RunSettings run;
    run.squash = args.value("preset") ? 224 : 0;
    run.size = intOption(args, options::size);
    run.styleSize = args.value("style-size") ? intOption(args, options::styleSize) : run.size;
    run.fullSize = args.flag(std::string(options::fullSize.name));
    run.writeOptions.jpegQuality = intOption(args, options::jpegQuality);
    args.required("content");
    run.outPath = args.required("out");
    const bool instances = wantsInstances(args);
    if (!instances && args.values("style").empty()) throw UsageError("missing required option '--style'");
    if (instances && args.value("preset"))
        throw UsageError("--preset paper-exact squashes the image and cannot be combined with instances");
    if (const std::string init = args.value("init").value_or("content"); instances && init != "content" && init != "noise")
        throw UsageError("--init PATH is not supported with instances (use content or noise)");
    checkOutputImagePath(run.outPath);
    if (auto m = args.value("save-mask")) checkOutputImagePath(*m);
    checkInputFiles(args);

    if (auto paramsPath = args.value("save-params")) writeFileAtomically(*paramsPath, jobJson(args) + "\n");
    if (args.flag(std::string(options::dryRun.name))) {  // before any thread pool starts or model loads
        std::cerr << "instyle-cli stylize: the options are valid (dry run; nothing was stylised)\n";
        return kExitOk;
    }

    const auto loadStart = std::chrono::steady_clock::now();
    const GlobalOptions g = applyGlobalOptions(args);
    StyleRequest request = requestFromArgs(topLevelOptions(args), g);

    VggChoice vgg = loadVgg(args.value("vgg"), g.modelsDir, request.seed);
    if (!vgg.pretrained) std::cerr << "instyle-cli stylize: warning: " << vgg.description << "\n";
    DepthChoice depth{nullptr, "off (theta is 0)"};
    // theta 0 everywhere never loads or runs the depth network.
    bool needsDepth = request.weights.theta > 0;
    for (const Args& group : instanceGroups(args))
        if (group.value(std::string(options::theta.name))) needsDepth |= numberOption(group, options::theta) > 0;
    if (needsDepth) {
        depth = loadDepth(args.value("midas"), g.modelsDir);
        if (!depth.model) std::cerr << "instyle-cli stylize: note: the depth term is " << depth.description << "\n";
    }
    const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStart).count();

    Stylizer stylizer(vgg.model, depth.model);
    ProgressBar bar("stylize");
    MergeResult merged;
    RunSummary summary;
    {
        const InterruptGuard interrupt;
        summary = instances ? stylizeInstances(args, request, stylizer, g, run, bar, interrupt.flag(), merged)
                            : stylizeWhole(args, request, stylizer, run, bar, interrupt.flag());
    }
    summary.secondsSetup += loadSeconds;

    if (summary.cancelled)
        std::cerr << "instyle-cli stylize: interrupted after " << summary.iterations << " iterations; wrote " << run.outPath << "\n";
    if (!summary.error.empty()) std::cerr << "instyle-cli stylize: " << summary.error << "; wrote the last good image\n";
    // The job file records what auto resolved to, so that replaying it gives the same image.
    if (auto paramsPath = args.value("save-params"); paramsPath && summary.iterations > 0) {
        const std::vector<std::string> resolved = withResolvedConv(tokens, summary.conv, summary.layout);
        writeFileAtomically(*paramsPath, jobJson(parseStylizeArgs(expandPreset(resolved, args))) + "\n");
    }
    if (g.json) printJson(summary, g, vgg.description, depth.description, run.outPath, instances ? &merged : nullptr);
    else if (!summary.cancelled && summary.error.empty()) std::cerr << "wrote " << run.outPath << "\n";
    return summary.error.empty() ? kExitOk : kExitFailure;
}

}  // namespace

INSTYLE_CLI_COMMAND("stylize", "repaint a photo in the style of paintings (the paper's loss)", runStylize);

}  // namespace instyle::cli
