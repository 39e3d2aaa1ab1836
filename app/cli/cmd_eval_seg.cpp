// instyle-cli eval-seg: standard dataset-level segmentation metrics on a VOC split.

#include "cli/commands.h"
#include "cli/option_args.h"
#include "cli/progress_bar.h"
#include "cli/segmenter_setup.h"

#include "core/base/error.h"
#include "core/base/json_writer.h"
#include "core/segmentation/segmentation_metrics.h"
#include "core/segmentation/segmenter.h"
#include "core/segmentation/voc_classes.h"
#include "imaging/io/voc_dataset.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace instyle::cli {

namespace {

std::string help() {
    return "Usage: instyle-cli eval-seg --voc ROOT [--split val] --segmenter FILE --arch ID [--json]\n"
           "\n"
           "Evaluates a segmenter on a PASCAL VOC-format split: one confusion matrix over all full-size\n"
           "images; pixel accuracy, mean class accuracy, mean IoU (over classes present in the ground\n"
           "truth or the prediction), frequency-weighted IoU and per-class IoU. Label 255 is ignored.\n"
           "\n"
           "  --voc ROOT             folder with JPEGImages/, SegmentationClass/, ImageSets/Segmentation/\n"
           "  --split NAME           ImageSets/Segmentation/NAME.txt (default val)\n"
           "  --segmenter FILE       weights (official torchvision FCN file or a train-seg checkpoint)\n"
           "  --arch ID              " +
           segmentationArchIds(" | ") +
           "\n"
           "  --max-side N           the network sees at most N pixels on the long side (" +
           helpNotes(options::segmentCommand::maxSide) +
           ")\n"
           "  --json                 {\"images\",\"pixel_acc\",\"mean_class_acc\",\"mean_iou\",\"fw_iou\",\n"
           "                         \"per_class_iou\":[21 numbers, null for classes absent from both]}\n";
}

void printTable(const SegmentationScores& s, double secondsPerImage) {
    std::printf("images %lld   pixels %lld   %.3f s/image\n", static_cast<long long>(s.images),
                static_cast<long long>(s.pixels), secondsPerImage);
    std::printf("pixel accuracy       %.4f\nmean class accuracy  %.4f\nmean IoU             %.4f\nfw IoU               %.4f\n",
                s.pixelAccuracy, s.meanClassAccuracy, s.meanIou, s.frequencyWeightedIou);
    std::printf("\n%-14s IoU\n", "class");
    for (size_t c = 0; c < s.perClassIou.size(); ++c) {
        if (s.perClassIou[c])
            std::printf("%-14s %.4f\n", vocClassName(static_cast<int>(c)).c_str(), *s.perClassIou[c]);
        else
            std::printf("%-14s -\n", vocClassName(static_cast<int>(c)).c_str());
    }
}

int runEvalSeg(const std::vector<std::string>& tokens) {
    Args args(tokens, {"voc", "split", "segmenter", "arch", "max-side"}, {});
    if (helpAsked(args, help())) return kExitOk;
    const GlobalOptions g = applyGlobalOptions(args);
    const std::string root = args.required("voc"), weights = args.required("segmenter"), arch = args.required("arch");
    requireKnownArch(arch);
    SegmenterOptions so;
    so.device = g.device;
    so.maxLongSide = intOption(args, options::segmentCommand::maxSide);
    const VocDataset data(root, args.value("split").value_or("val"));
    Segmenter segmenter(loadSegmentationModel(weights, arch), so);
    if (segmenter.model().numClasses() != kVocNumClasses)
        throw Error(ErrorCategory::Model, weights + ": the network has " + std::to_string(segmenter.model().numClasses()) +
                                              " classes, VOC has 21");

    SegmentationMetrics metrics(kVocNumClasses);
    ProgressBar bar("eval-seg");
    double netSeconds = 0;
    for (size_t i = 0; i < data.size(); ++i) {
        const SegmentationSample s = data.sample(i);
        const auto start = std::chrono::steady_clock::now();
        const Segmentation seg = segmenter.segment(s.image);
        netSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        metrics.add(s.label, seg.labels);
        char suffix[64];
        std::snprintf(suffix, sizeof suffix, "%.2f s/image", netSeconds / static_cast<double>(i + 1));
        bar.update(static_cast<long long>(i + 1), static_cast<long long>(data.size()), suffix);
    }
    bar.finish();
    const SegmentationScores s = metrics.scores();
    const double perImage = netSeconds / static_cast<double>(data.size());
    if (g.json) {
        JsonWriter j;
        j.beginObject().field("images", static_cast<long long>(s.images));
        j.field("pixel_acc", s.pixelAccuracy).field("mean_class_acc", s.meanClassAccuracy);
        j.field("mean_iou", s.meanIou).field("fw_iou", s.frequencyWeightedIou);
        j.beginArray("per_class_iou");
        for (const auto& v : s.perClassIou) v ? j.value(*v) : j.null();
        j.endArray().endObject();
        std::cerr << "eval-seg: " << s.images << " images, " << perImage << " s/image\n";
        std::cout << j.str() << std::endl;
    } else {
        printTable(s, perImage);
    }
    return kExitOk;
}

}  // namespace

INSTYLE_CLI_COMMAND("eval-seg", "evaluate a segmenter on a VOC-format split (pixel acc, mIoU, ...)", runEvalSeg);

}  // namespace instyle::cli
