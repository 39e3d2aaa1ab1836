// instyle-cli segment: the label map of one photo and the instances in it.

#include "cli/commands.h"
#include "cli/option_args.h"
#include "cli/segmenter_setup.h"

#include "core/base/error.h"
#include "core/base/json_writer.h"
#include "core/checkpoint/model_registry.h"
#include "core/sam/sam_embedding_cache.h"
#include "core/base/runtime.h"
#include "core/segmentation/segmenter.h"
#include "imaging/io/image_io.h"
#include "imaging/selection/instances.h"
#include "imaging/selection/segment_image.h"
#include "imaging/io/label_png.h"
#include "imaging/selection/mask_refine.h"
#include "imaging/selection/sam_selector.h"

#include <torch/torch.h>

#include <chrono>
#include <iostream>

namespace instyle::cli {

namespace {

// The architectures and torchvision's official files: the registry's.
std::string help() {
    std::string officialFiles, promptArchs;
    for (const auto& id : promptSegmenterArchitectures()) promptArchs += (promptArchs.empty() ? "" : " | ") + id;
    for (const auto& a : segmentationArchitectures())
        if (a.officialAuxHead)
            officialFiles += (officialFiles.empty() ? "" : ",\n                         ") + modelById(a.id).fileName;
    return "Usage: instyle-cli segment --image PATH [--segmenter FILE] --arch ID [--out-mask PATH] [--json]\n"
           "       instyle-cli segment --image PATH [--segmenter FILE] --arch mobile_sam --point X,Y[:1|0] ...\n"
           "                           [--box X0,Y0,X1,Y1] [--out-mask PATH] [--no-cache] [--json]\n"
           "\n"
           "Segments a photo into the 21 PASCAL VOC classes and lists its instances (connected\n"
           "components of one class; holes filled; specks below --min-area dropped); or, with\n"
           "--arch mobile_sam, selects the one object that points and a box show (MobileSAM).\n"
           "\n"
           "  --image PATH           the photo\n"
           "  --segmenter FILE       weights: torchvision " +
           officialFiles +
           ", a train-seg checkpoint or " + modelById("mobile_sam").fileName +
           "\n"
           "                         (default: the --arch's file in the models folders)\n"
           "  --arch ID              " +
           segmentationArchIds(" | ") + " | " + promptArchs +
           "\n"
           "  --out-mask PATH        write the label map as a VOC palette PNG (atomic)\n"
           "  --max-side N           the network sees at most N pixels on the long side (" +
           helpNotes(options::segmentCommand::maxSide) +
           ")\n"
           "  --min-area F           smallest instance as a fraction of the image (" +
           helpNotes(options::segmentCommand::minArea) +
           ")\n"
           "  --at X,Y               the instance under pixel (X, Y), as a click in the app would pick it\n"
           "  --instance-mask PATH   write that instance's mask (0/255 PNG; needs --at)\n"
           "  --refine none|grabcut  refine that mask with GrabCut seeded by the FCN mask (default none)\n"
           "\n"
           "MobileSAM (--arch mobile_sam): one decoder call with every prompt; --out-mask writes the\n"
           "mask as a 0/255 PNG at the photo's size. The photo's embedding is cached per photo and model\n"
           "file in $XDG_CACHE_HOME/instyle/sam (~/.cache/instyle/sam); deleting it is always safe.\n"
           "  --point X,Y[:1|0]      a photo pixel on (1, the default) or off (0) the object; repeatable\n"
           "  --box X0,Y0,X1,Y1      a box around the object (photo pixels)\n"
           "  --no-cache             neither read nor write the embedding cache\n"
           "  --json: {\"seconds_encode\", \"seconds_decode\", \"mask_pixels\", \"iou_pred\", \"cached\", ...};\n"
           "  seconds_encode: pre-processing and image encoder (0 when cached; model loading excluded),\n"
           "  seconds_decode: prompt encoder, mask decoder and post-processing; when encoded: layout\n"
           "  (the encoder's measured memory layouts, conv stage/token stages) and seconds_tune (the\n"
           "  seconds spent measuring them: once per machine, then remembered)\n";
}

cv::Point parsePoint(const std::string& text) {
    const auto comma = text.find(',');
    if (comma == std::string::npos) throw UsageError("--at must be X,Y (got '" + text + "')");
    return {parseInt("at", text.substr(0, comma)), parseInt("at", text.substr(comma + 1))};
}

// --arch mobile_sam: the mask of one prompt (all --point and the --box in one decoder call).
int runPromptSegment(const Args& args, const std::string& arch) {
    for (const char* fcnOnly : {"class", "at", "instance-mask", "refine", "min-area", "max-side"})
        if (args.value(fcnOnly))
            throw UsageError(std::string("--") + fcnOnly + " is for the FCN segmenters (" + segmentationArchList() + "); --arch " +
                             arch + " selects from --point and --box");
    const std::string imagePath = args.required("image");
    const auto outMask = args.value("out-mask");
    const SamPrompt prompt = samPromptFrom(args.values("point"), args.values("box"));  // before anything loads
    const GlobalOptions g = applyGlobalOptions(args);
    const std::string weights = segmenterFile(args.value("segmenter"), arch, g.modelsDir);

    const cv::Mat rgb = loadImageRgb(imagePath);
    checkSamPrompt(prompt, rgb.cols, rgb.rows);
    auto cache = args.flag("no-cache") ? nullptr : std::make_shared<SamEmbeddingCache>();
    SamSelector selector = SamSelector::fromFile(weights, g.device, cache);
    selector.setPhoto(rgb);
    const SamSelection selection = selector.select(prompt);
    if (outMask) saveImage(*outMask, selection.mask);

    if (g.json) {
        JsonWriter j;
        j.beginObject().field("image", imagePath).field("width", rgb.cols).field("height", rgb.rows);
        j.field("arch", arch).field("device", g.device.str());
        j.field("seconds_encode", selector.secondsEncode()).field("seconds_decode", selection.secondsDecode);
        j.field("mask_pixels", static_cast<long long>(selection.maskPixels)).field("iou_pred", selection.iouPrediction);
        j.field("cached", selector.cached());
        if (!selector.cached())
            j.field("layout", selector.layouts().text()).field("seconds_tune", selector.layouts().secondsTuning);
        if (outMask) j.field("mask", *outMask);
        j.endObject();
        std::cout << j.str() << std::endl;
    } else {
        std::cout << "mask of " << selection.maskPixels << " pixels in " << imagePath << " (predicted IoU "
                  << selection.iouPrediction << "; encode " << selector.secondsEncode() << " s"
                  << (selector.cached() ? ", cached" : "") << "; decode " << selection.secondsDecode << " s)\n";
        if (outMask) std::cout << "wrote " << *outMask << "\n";
    }
    return kExitOk;
}

int runSegment(const std::vector<std::string>& tokens) {
    Args args(tokens,
              {"image", "segmenter", "arch", "out-mask", "max-side", "min-area", "at", "instance-mask", "refine", "point",
               "box", "class"},
              {"no-cache"});
    if (helpAsked(args, help())) return kExitOk;
    const std::string arch = args.required("arch");
    if (isPromptSegmenter(arch)) return runPromptSegment(args, arch);
    requireKnownArch(arch);
    for (const char* samOnly : {"point", "box", "no-cache"})
        if (args.value(samOnly) || args.flag(samOnly))
            throw UsageError(std::string("--") + samOnly + " needs --arch mobile_sam (with an FCN, --at X,Y picks the instance under a pixel)");
    if (args.value("class"))
        throw UsageError("--class is for instyle-cli stylize; segment lists every instance with its class (--json)");
    const GlobalOptions g = applyGlobalOptions(args);
    const std::string imagePath = args.required("image");
    const std::string weights = segmenterFile(args.value("segmenter"), arch, g.modelsDir);
    const auto outMask = args.value("out-mask"), instanceMask = args.value("instance-mask");
    const auto at = args.value("at");
    const OptionSpec& refine = options::segmentCommand::refine;
    const bool grabCut = choiceName(refine, choiceOption(args, refine)) == "grabcut";
    if (instanceMask && !at) throw UsageError("--instance-mask needs --at X,Y");
    const cv::Point click = at ? parsePoint(*at) : cv::Point(-1, -1);
    InstanceOptions io;
    io.minAreaFraction = numberOption(args, options::segmentCommand::minArea);
    SegmenterOptions so;
    so.device = g.device;
    so.maxLongSide = intOption(args, options::segmentCommand::maxSide);

    const cv::Mat rgb = loadImageRgb(imagePath);
    Segmenter segmenter(loadSegmentationModel(weights, arch), so);
    const auto start = std::chrono::steady_clock::now();
    const cv::Mat labels = segmentLabels(segmenter, rgb);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (outMask) writeLabelPng(*outMask, labels);
    const Instances instances = Instances::fromLabelMap(labels, io);
    const int picked = at ? instances.instanceAt(click.x, click.y) : -1;
    if (instanceMask) {
        if (picked < 0)
            throw Error(ErrorCategory::InvalidArgument, "no instance at " + *at + " in " + imagePath);
        cv::Mat mask = instances.mask(static_cast<size_t>(picked));
        if (grabCut) mask = grabCutRefine(rgb, mask);
        saveImage(*instanceMask, mask);
    }

    if (g.json) {
        JsonWriter j;
        j.beginObject().field("image", imagePath).field("width", rgb.cols).field("height", rgb.rows);
        j.field("arch", arch).field("device", g.device.str()).field("seconds", seconds);
        if (outMask) j.field("mask", *outMask);
        j.beginArray("instances");
        for (size_t i = 0; i < instances.size(); ++i) {
            const Instance& in = instances.at(i);
            j.beginObject().field("id", static_cast<long long>(i)).field("class", in.classId).field("class_name", in.className);
            j.field("area", in.area);
            j.beginArray("bbox").value(in.bbox.x).value(in.bbox.y).value(in.bbox.width).value(in.bbox.height).endArray();
            j.beginArray("centroid").value(in.centroid.x).value(in.centroid.y).endArray();
            j.endObject();
        }
        j.endArray();
        if (at) picked < 0 ? j.key("at").null() : j.field("at", picked);
        if (instanceMask) j.field("instance_mask", *instanceMask);
        j.endObject();
        std::cout << j.str() << std::endl;
    } else {
        std::cout << instances.size() << " instance(s) in " << imagePath << " (" << seconds << " s)\n";
        for (size_t i = 0; i < instances.size(); ++i) {
            const Instance& in = instances.at(i);
            std::cout << "  #" << i << " " << in.className << "  area " << in.area << "  bbox " << in.bbox.x << ","
                      << in.bbox.y << " " << in.bbox.width << "x" << in.bbox.height << "\n";
        }
        if (at) std::cout << "at " << *at << ": " << (picked < 0 ? std::string("no instance") : "#" + std::to_string(picked)) << "\n";
        if (outMask) std::cout << "wrote " << *outMask << "\n";
        if (instanceMask) std::cout << "wrote " << *instanceMask << "\n";
    }
    return kExitOk;
}

}  // namespace

INSTYLE_CLI_COMMAND("segment", "VOC instances of a photo (FCN), or one object from points and a box (MobileSAM)", runSegment);

}  // namespace instyle::cli
