// instyle-cli segment: the label map of one photo and the instances in it.

#include "cli/commands.h"
#include "cli/segmenter_setup.h"

#include "core/error.h"
#include "core/json_writer.h"
#include "core/runtime.h"
#include "core/segmenter.h"
#include "imaging/image_io.h"
#include "imaging/instances.h"
#include "imaging/segment_image.h"
#include "imaging/label_png.h"
#include "imaging/mask_refine.h"

#include <torch/torch.h>

#include <chrono>
#include <iostream>

namespace instyle::cli {

namespace {

// The architectures and torchvision's official files: the registry's.
std::string help() {
    std::string officialFiles;
    for (const auto& a : segmentationArchitectures())
        if (a.officialAuxHead)
            officialFiles += (officialFiles.empty() ? "" : ",\n                         ") + modelById(a.id).fileName;
    return "Usage: instyle-cli segment --image PATH --segmenter FILE --arch ID [--out-mask PATH] [--json]\n"
           "\n"
           "Segments a photo into the 21 PASCAL VOC classes and lists its instances (connected\n"
           "components of one class; holes filled; specks below --min-area dropped).\n"
           "\n"
           "  --image PATH           the photo\n"
           "  --segmenter FILE       weights: torchvision " +
           officialFiles +
           ", or a train-seg checkpoint\n"
           "  --arch ID              " +
           segmentationArchIds(" | ") +
           "\n"
           "  --out-mask PATH        write the label map as a VOC palette PNG (atomic)\n"
           "  --max-side N           the network sees at most N pixels on the long side (default 1024)\n"
           "  --min-area F           smallest instance as a fraction of the image (default 0.001)\n"
           "  --at X,Y               the instance under pixel (X, Y), as a click in the app would pick it\n"
           "  --instance-mask PATH   write that instance's mask (0/255 PNG; needs --at)\n"
           "  --refine none|grabcut  refine that mask with GrabCut seeded by the FCN mask (default none)\n";
}

cv::Point parsePoint(const std::string& text) {
    const auto comma = text.find(',');
    if (comma == std::string::npos) throw UsageError("--at must be X,Y (got '" + text + "')");
    return {parseInt("at", text.substr(0, comma)), parseInt("at", text.substr(comma + 1))};
}

int runSegment(const std::vector<std::string>& tokens) {
    Args args(tokens, {"image", "segmenter", "arch", "out-mask", "max-side", "min-area", "at", "instance-mask", "refine"},
              {});
    if (args.flag("help")) {
        std::cout << help() << "\n" << globalOptionsHelp();
        return kExitOk;
    }
    const GlobalOptions g = applyGlobalOptions(args);
    const std::string imagePath = args.required("image"), weights = args.required("segmenter");
    const std::string arch = args.required("arch");
    requireKnownArch(arch);
    const auto outMask = args.value("out-mask"), instanceMask = args.value("instance-mask");
    const auto at = args.value("at");
    const std::string refine = args.value("refine").value_or("none");
    if (refine != "none" && refine != "grabcut") throw UsageError("--refine must be none or grabcut (got '" + refine + "')");
    if (instanceMask && !at) throw UsageError("--instance-mask needs --at X,Y");
    const cv::Point click = at ? parsePoint(*at) : cv::Point(-1, -1);
    InstanceOptions io;
    io.minAreaFraction = args.doubleValue("min-area", io.minAreaFraction);
    if (!(io.minAreaFraction >= 0 && io.minAreaFraction <= 1)) throw UsageError("--min-area must be in [0, 1]");
    SegmenterOptions so;
    so.device = g.device;
    so.maxLongSide = args.intValue("max-side", 1024, 0, 65536);

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
        if (refine == "grabcut") mask = grabCutRefine(rgb, mask);
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

INSTYLE_CLI_COMMAND("segment", "segment a photo into VOC classes and list its instances", runSegment);

}  // namespace instyle::cli
