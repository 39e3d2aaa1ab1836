// instyle-cli stylize: optimise a photo (or a part of it) under the paper's loss.

#include "cli/commands.h"
#include "cli/instance_options.h"
#include "cli/job_file.h"
#include "cli/progress_bar.h"
#include "cli/stylize_setup.h"

#include "core/depth_model.h"
#include "core/error.h"
#include "core/json_writer.h"
#include "core/runtime.h"
#include "core/stylizer.h"
#include "imaging/image_io.h"
#include "imaging/instance_stylizer.h"
#include "imaging/mat_tensor.h"

#include <opencv2/imgproc.hpp>

#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

namespace instyle::cli {

namespace {

std::atomic_bool g_interrupted{false};

extern "C" void onInterrupt(int) { g_interrupted.store(true); }

const char* kHelp =
    "Usage: instyle-cli stylize --content PATH --style PATH[:WEIGHT] [--style ...] --out PATH [options]\n"
    "\n"
    "Repaints the content image in the style of one or more paintings by optimising\n"
    "L = alpha*content + beta*style + theta*depth + gamma*Laplacian (the paper's loss).\n"
    "\n"
    "Inputs and output:\n"
    "  --content PATH         the photo\n"
    "  --style PATH[:WEIGHT]  a painting; repeat to blend several (weights are normalised)\n"
    "  --out PATH             result (.png, .jpg, .tif, .bmp, .webp); written atomically\n"
    "  --init content|noise|PATH  starting image (default: content)\n"
    "  --vgg FILE             torchvision vgg19-dcbb9e9d.pth (default: found in the models folder;\n"
    "                         random weights when none is found - the result is then not a stylisation)\n"
    "  --midas FILE           MiDaS midas_v21_small_256.pt (or a TorchScript depth model) for the depth term\n"
    "  --depth-size N         side of the square the depth network sees (default 256, multiple of 32)\n"
    "  --job FILE             read options and instances from a JSON job file (see README)\n"
    "  --jpeg-quality Q       JPEG quality of the output (default 95)\n"
    "\n"
    "Instances (the result then keeps the photo's full size; only the instances change):\n"
    "  --mask PATH            8-bit mask image, > 0 = inside\n"
    "  --rect X,Y,W,H         a rectangle in photo pixels\n"
    "  --point X,Y            the instance under this photo pixel (needs --segmenter, --arch)\n"
    "  --class NAME           the largest instance of a PASCAL VOC class (needs --segmenter, --arch)\n"
    "  --segmenter FILE --arch ID   segmentation network (fcn_resnet50, fcn_resnet101, fcn8s_resnet34)\n"
    "  --blend hard|feather|guided|poisson   how the stylised instance is merged (feather)\n"
    "  --feather PX           width of the soft edge in photo pixels (8)\n"
    "  --margin F             context around the instance's box, fraction per side (0.15)\n"
    "  --preserve-color none|luminance|histogram   keep the object's colours (none)\n"
    "  --background           stylise everything except the instance\n"
    "  --instance             starts a group: the per-instance options after it (mask source, --style,\n"
    "                         weights, blend, feather, margin, preserve-color, background) apply to it\n"
    "  --save-mask PATH       write the union of the instance masks (PNG)\n"
    "  --save-params PATH     write a job file (JSON) that reproduces this run\n"
    "Loss weights (paper defaults):\n"
    "  --alpha A (1)  --beta B (1)  --theta T (1e4)  --gamma G (1e2)\n"
    "  --lap-pool K (3) --lap-stride S (1)   Laplacian pre-pooling\n"
    "Size and schedule:\n"
    "  --size N               long side of the work image in pixels (default 512)\n"
    "  --style-size N         long side of the style images (default: the work size)\n"
    "  --iters N              iterations (default 200)\n"
    "  --scales N             coarse-to-fine levels, 1-8 (default 1): most iterations at half/quarter\n"
    "                         size, each level starting from the previous one upsampled\n"
    "  --optimizer adam|lbfgs (default adam)\n"
    "  --lr X                 learning rate (default 1)\n"
    "  --decay-at F           fraction of the iterations after which Adam restarts with lr*0.1 (0.9)\n"
    "  --weight-decay X       L2 weight decay in Adam (default 0)\n"
    "  --clamp valid|notebook|none   colour clamping (default valid)\n"
    "  --preset paper-exact   the authors' notebook: 224x224 squash, +-1.5 clamp before each step\n"
    "  --seed N               random seed (noise init, random weights)\n";

struct Options {
    std::string content, out, vggPath;
    std::vector<std::pair<std::string, double>> styles;
    int size = 512, styleSize = 0;
    bool paperExact = false;
    std::string init = "content";
};

OptimizerKind parseOptimizer(const std::string& s) {
    if (s == "adam") return OptimizerKind::Adam;
    if (s == "lbfgs") return OptimizerKind::Lbfgs;
    throw UsageError("--optimizer must be adam or lbfgs (got '" + s + "')");
}

ClampMode parseClamp(const std::string& s) {
    if (s == "valid") return ClampMode::ValidRange;
    if (s == "notebook") return ClampMode::Notebook;
    if (s == "none") return ClampMode::None;
    throw UsageError("--clamp must be valid, notebook or none (got '" + s + "')");
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
};

void printJson(const RunSummary& run, const GlobalOptions& g, const std::string& vggDescription,
               const std::string& depthDescription, const std::string& out, const MergeResult* merged) {
    JsonWriter j;
    j.beginObject().field("iters", run.iterations).field("scales", run.levels);
    j.beginArray("size").value(run.workSize.width).value(run.workSize.height).endArray();
    j.field("device", g.device.str()).field("threads", currentThreads());
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

StyleRequest requestFromArgs(const Args& args, const GlobalOptions& g) {
    StyleRequest request;
    request.device = g.device;
    request.seed = static_cast<uint64_t>(args.intValue("seed", 0, 0, INT32_MAX));
    request.weights.alpha = args.doubleValue("alpha", request.weights.alpha);
    request.weights.beta = args.doubleValue("beta", request.weights.beta);
    request.weights.theta = args.doubleValue("theta", request.weights.theta);
    request.weights.gamma = args.doubleValue("gamma", request.weights.gamma);
    request.schedule.iterations = args.intValue("iters", 200, 0, 1000000);
    request.schedule.scales = args.intValue("scales", 1, 1, 8);
    request.schedule.optimizer = parseOptimizer(args.value("optimizer").value_or("adam"));
    request.schedule.lr = args.doubleValue("lr", 1.0);
    request.schedule.decayAt = args.doubleValue("decay-at", request.schedule.decayAt);
    request.schedule.weightDecay = args.doubleValue("weight-decay", 0.0);
    request.schedule.clamp = parseClamp(args.value("clamp").value_or("valid"));
    request.laplacian.poolKernel = args.intValue("lap-pool", 3, 1, 64);
    request.laplacian.poolStride = args.intValue("lap-stride", 1, 1, 64);
    request.depthSize = args.intValue("depth-size", request.depthSize, 32, 4096);
    if (request.depthSize % 32 != 0) throw UsageError("--depth-size must be a multiple of 32");
    return request;
}

// The whole image at the work size (the first issue's mode): returns the summary, writes `out`.
RunSummary stylizeWhole(const Args& args, StyleRequest request, Stylizer& stylizer, int size, int styleSize,
                        int squash, const std::string& outPath, const ImageWriteOptions& writeOptions,
                        ProgressBar& bar) {
    const cv::Mat work = prepareImage(args.required("content"), size, squash);
    request.content = matToTensor(work);
    for (const auto& s : args.values("style")) {
        const auto [path, weight] = parseStyleSpec(s);
        request.styles.push_back({matToTensor(prepareImage(path, styleSize, squash)), weight});
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
        g_interrupted);
    bar.finish();
    saveImage(outPath, tensorToMat(result.image), writeOptions);
    RunSummary run;
    run.iterations = result.iterationsDone;
    run.levels = result.levels;
    run.workSize = run.outputSize = work.size();
    run.secondsSetup = result.secondsSetup;
    run.secondsLoop = result.secondsLoop;
    run.first = result.lossFirst;
    run.last = result.lossLast;
    run.cancelled = result.cancelled;
    run.error = result.error;
    return run;
}

// Chosen instances at the photo's full resolution: crop, stylise, blend back.
RunSummary stylizeInstances(const Args& args, const StyleRequest& base, Stylizer& stylizer, const GlobalOptions& g,
                            int size, int styleSize, const std::string& outPath,
                            const ImageWriteOptions& writeOptions, ProgressBar& bar, MergeResult& merged) {
    if (args.value("preset")) throw UsageError("--preset paper-exact squashes the image and cannot be combined with instances");
    const std::string contentPath = args.required("content");
    MergeRequest request;
    const DecodedImage photo = loadImage(contentPath);
    request.photo = photo.rgb;
    request.photo16 = photo.rgb16;  // 16-bit files are merged and written at 16 bits
    const auto planStart = std::chrono::steady_clock::now();  // includes segmentation for --point/--class
    const InstancePlan plan = planInstances(args, request.photo, g, styleSize);
    const double planSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - planStart).count();
    request.instances = plan.specs;
    request.workSize = size;
    request.styleSize = styleSize;
    request.schedule = base.schedule;
    request.layers = base.layers;
    request.laplacian = base.laplacian;
    request.device = base.device;
    request.seed = base.seed;
    request.depthSize = base.depthSize;
    const std::string init = args.value("init").value_or("content");
    if (init == "noise") request.init = InitMode::Noise;
    else if (init != "content") throw UsageError("--init PATH is not supported with instances (use content or noise)");

    if (auto maskPath = args.value("save-mask")) {
        cv::Mat all(request.photo.size(), CV_8UC1, cv::Scalar(0));
        for (const auto& spec : request.instances) all |= spec.mask > 0;
        saveImage(*maskPath, all, writeOptions);
    }
    if (auto paramsPath = args.value("save-params"))
        writeFileAtomically(*paramsPath, jobJson(args, plan, contentPath, outPath) + "\n");

    InstanceStylizer pipeline(stylizer);
    const long long total = static_cast<long long>(request.instances.size()) * request.schedule.iterations;
    merged = pipeline.run(
        request,
        [&](const MergeProgress& m) {
            char suffix[128];
            std::snprintf(suffix, sizeof suffix, "instance %d/%d  loss %.4g  %s", m.instance + 1, m.instances,
                          m.progress.loss.total, etaText(mergeSecondsLeft(m.progress, m.instance, m.instances)).c_str());
            bar.update(static_cast<long long>(m.instance) * request.schedule.iterations + m.progress.iteration, total, suffix);
        },
        g_interrupted);
    bar.finish();
    const cv::Mat& result = merged.image16.empty() ? merged.image : merged.image16;
    if (photo.alpha.empty()) {
        saveImage(outPath, result, writeOptions);
    } else {  // transparency passes through unchanged
        cv::Mat alpha = photo.alpha;
        if (alpha.depth() != result.depth()) alpha.convertTo(alpha, result.depth(), result.depth() == CV_16U ? 257.0 : 1.0 / 257.0);
        cv::Mat rgba;
        cv::merge(std::vector<cv::Mat>{result, alpha}, rgba);
        saveImage(outPath, rgba, writeOptions);
    }

    RunSummary run;
    run.secondsSetup = planSeconds;
    run.outputSize = merged.image.size();
    run.cancelled = merged.cancelled;
    run.error = merged.error;
    for (const auto& inst : merged.instances) {
        run.iterations += inst.result.iterationsDone;
        run.levels = std::max(run.levels, inst.result.levels);
        run.secondsSetup += inst.result.secondsSetup;
        run.secondsLoop += inst.result.secondsLoop;
    }
    if (!merged.instances.empty()) {
        run.workSize = merged.instances.front().workSize;
        run.first = merged.instances.front().result.lossFirst;
        run.last = merged.instances.back().result.lossLast;
    }
    return run;
}

int runStylize(const std::vector<std::string>& commandLine) {
    const std::vector<std::string> tokens = expandJobFile(commandLine);
    std::vector<std::string> valueOptions{"content", "out", "init", "vgg", "midas", "depth-size", "size", "style-size",
                                          "iters", "scales", "optimizer", "lr", "seed", "decay-at", "weight-decay", "clamp",
                                          "preset", "lap-pool", "lap-stride", "segmenter", "arch", "save-mask",
                                          "save-params", "jpeg-quality"};
    valueOptions.insert(valueOptions.end(), instanceValueOptions().begin(), instanceValueOptions().end());
    std::vector<std::string> flags{"instance"};
    flags.insert(flags.end(), instanceFlags().begin(), instanceFlags().end());
    Args args(tokens, valueOptions, flags);
    if (args.flag("help")) {
        std::cout << kHelp << "\n" << globalOptionsHelp();
        return kExitOk;
    }
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
    const auto loadStart = std::chrono::steady_clock::now();
    const GlobalOptions g = applyGlobalOptions(args);
    StyleRequest request = requestFromArgs(args, g);

    const std::string preset = args.value("preset").value_or("");
    if (!preset.empty() && preset != "paper-exact") throw UsageError("--preset must be paper-exact (got '" + preset + "')");
    const int squash = preset == "paper-exact" ? 224 : 0;
    if (squash) {
        request.schedule.clamp = ClampMode::Notebook;
        request.depthGradient = false;  // the notebook's depth term never reached the gradient
    }

    args.required("content");
    const std::string outPath = args.required("out");
    const bool instances = wantsInstances(args);
    if (!instances && args.values("style").empty()) throw UsageError("missing required option '--style'");
    const int size = args.intValue("size", 512, 16, 16384);
    const int styleSize = args.intValue("style-size", size, 16, 16384);
    ImageWriteOptions writeOptions;
    writeOptions.jpegQuality = args.intValue("jpeg-quality", 95, 1, 100);
    checkOutputImagePath(outPath);
    if (auto m = args.value("save-mask")) checkOutputImagePath(*m);

    VggChoice vgg = loadVgg(args.value("vgg"), g.modelsDir, request.seed);
    if (!vgg.pretrained) std::cerr << "instyle-cli stylize: warning: " << vgg.description << "\n";
    DepthChoice depth{nullptr, "off (theta is 0)"};
    if (request.weights.theta > 0) {  // theta 0 never loads or runs the depth network
        depth = loadDepth(args.value("midas"), g.modelsDir);
        if (!depth.model) std::cerr << "instyle-cli stylize: note: the depth term is " << depth.description << "\n";
    }
    const double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStart).count();

    Stylizer stylizer(vgg.model, depth.model);
    ProgressBar bar("stylize");
    std::signal(SIGINT, onInterrupt);
    MergeResult merged;
    RunSummary run = instances ? stylizeInstances(args, request, stylizer, g, size, styleSize, outPath, writeOptions, bar, merged)
                               : stylizeWhole(args, request, stylizer, size, styleSize, squash, outPath, writeOptions, bar);
    std::signal(SIGINT, SIG_DFL);
    run.secondsSetup += loadSeconds;

    if (run.cancelled)
        std::cerr << "instyle-cli stylize: interrupted after " << run.iterations << " iterations; wrote " << outPath << "\n";
    if (!run.error.empty()) std::cerr << "instyle-cli stylize: " << run.error << "; wrote the last good image\n";
    if (g.json) printJson(run, g, vgg.description, depth.description, outPath, instances ? &merged : nullptr);
    else if (!run.cancelled && run.error.empty()) std::cerr << "wrote " << outPath << "\n";
    return run.error.empty() ? kExitOk : kExitFailure;
}

}  // namespace

INSTYLE_CLI_COMMAND("stylize", "repaint a photo in the style of paintings (the paper's loss)", runStylize);

}  // namespace instyle::cli
