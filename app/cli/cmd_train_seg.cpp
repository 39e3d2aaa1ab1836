// instyle-cli train-seg: train a segmentation network on a VOC-format set (the paper's recipe).

#include "cli/commands.h"
#include "cli/interrupt_guard.h"
#include "cli/option_args.h"
#include "cli/progress_bar.h"
#include "cli/segmenter_setup.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/nets/fcn8s_resnet34.h"
#include "core/nets/fcn_resnet.h"
#include "core/base/json_writer.h"
#include "core/base/runtime.h"
#include "core/segmentation/segmentation_trainer.h"
#include "imaging/io/voc_dataset.h"

#include <torch/torch.h>

#include <atomic>
#include <cstdio>
#include <iostream>

namespace instyle::cli {

namespace {

namespace row = options::trainSegCommand;

constexpr const char* kDefaultArch = "fcn8s_resnet34";

// "(8; 1..4096)": a row's default and range, for the options that share one help line.
std::string compact(const OptionSpec& spec) { return "(" + helpDefault(spec) + "; " + rangeText(spec) + ")"; }

std::string help() {
    std::string archs;
    for (const auto& a : segmentationArchitectures())
        archs += (archs.empty() ? "" : " | ") + a.id + (a.id == kDefaultArch ? " (default)" : "");
    return "Usage: instyle-cli train-seg --voc ROOT --epochs N --out FILE [options]\n"
           "\n"
           "Trains a segmentation network as the paper does: SGD, random crops (padded with the\n"
           "ignore label where the image is smaller) and horizontal flips, cross-entropy ignoring 255.\n"
           "A checkpoint is written to --out after every epoch (atomically); Ctrl-C saves and exits.\n"
           "\n"
           "  --voc ROOT             folder with JPEGImages/, SegmentationClass/, ImageSets/Segmentation/\n"
           "  --split NAME           ImageSets/Segmentation/NAME.txt (default train)\n"
           "  --arch ID              " +
           archs +
           "\n"
           "  --backbone FILE        ImageNet weights for the backbone (resnet34-b627a593.pth,\n"
           "                         resnet34-333f7ec4.pth, resnet50-*.pth ...); fc.* is ignored\n"
           "  --epochs N             train until N epochs are completed in total (" +
           rangeText(row::epochs) +
           ")\n"
           "  --batch N " + compact(row::batch) + "  --crop N " + compact(row::crop) + "\n" +
           "  --lr X " + compact(row::lr) + "  --wd X " + compact(row::wd) + "  --momentum X " + compact(row::momentum) + "\n" +
           "  --seed N               shuffle/crop/flip seed (" + helpNotes(options::seed) + ")\n"
           "  --out FILE             checkpoint (zip; Python: torch.load(FILE), model keys + training.*)\n"
           "  --resume FILE          continue from a train-seg checkpoint (weights, momentum, epoch)\n";
}

void loadBackbone(SegmentationModel& model, const std::string& path) {
    const StateDict dict = readCheckpoint(path);
    if (auto* fcn8 = dynamic_cast<Fcn8sResNet34Impl*>(&model)) {
        fcn8->loadBackbone(dict, path);
    } else if (auto* fcn = dynamic_cast<FcnResNetImpl*>(&model)) {
        LoadOptions o;
        o.ignorePrefixes = {"fc."};
        o.stripPrefixes = {"module."};
        o.sourceName = path;
        loadStateDict(*fcn->backbone(), dict, o);
    }
}

int runTrainSeg(const std::vector<std::string>& tokens) {
    Args args(tokens,
              {"voc", "split", "arch", "backbone", "epochs", "batch", "crop", "lr", "wd", "momentum", "out", "resume",
               "seed"},
              {});
    if (helpAsked(args, help())) return kExitOk;
    const GlobalOptions g = applyGlobalOptions(args);
    SegmentationTrainOptions o;
    if (!args.value("epochs")) throw UsageError("missing required option '--epochs'");
    o.epochs = intOption(args, row::epochs);
    o.batchSize = intOption(args, row::batch);
    o.crop = intOption(args, row::crop);
    o.lr = numberOption(args, row::lr);
    o.weightDecay = numberOption(args, row::wd);
    o.momentum = numberOption(args, row::momentum);
    o.seed = static_cast<uint64_t>(intOption(args, options::seed));
    o.device = g.device;
    o.checkpointPath = args.required("out");
    const std::string root = args.required("voc"), arch = args.value("arch").value_or(kDefaultArch);
    requireKnownArch(arch);
    const auto resume = args.value("resume"), backbone = args.value("backbone");

    const VocDataset data(root, args.value("split").value_or("train"));
    torch::manual_seed(o.seed);
    auto model = createSegmentationModel(arch);
    if (backbone && !resume) loadBackbone(*model, *backbone);
    SegmentationTrainer trainer(model, o);
    if (resume) trainer.restore(readCheckpoint(*resume), *resume);
    if (!backbone && !resume)
        std::cerr << "instyle-cli train-seg: warning: no --backbone; the backbone starts from random weights\n";
    if (trainer.completedEpochs() >= o.epochs) {
        std::cerr << "instyle-cli train-seg: the checkpoint already has " << trainer.completedEpochs()
                  << " epochs (--epochs " << o.epochs << "); nothing to do\n";
        return kExitOk;
    }
    std::cerr << "train-seg: " << data.size() << " images, " << arch << ", "
              << describeDevice(g.device) << ", epochs " << trainer.completedEpochs() + 1 << ".." << o.epochs << "\n";

    std::unique_ptr<ProgressBar> bar;
    const auto result = [&] {  // Ctrl+C ends the epoch early, the checkpoint saved
        const InterruptGuard interrupt;
        return trainer.train(
            data,
            [&](const SegmentationTrainProgress& p) {
                if (!bar) bar = std::make_unique<ProgressBar>("epoch " + std::to_string(p.epoch) + "/" + std::to_string(p.epochs));
                char suffix[96];
                std::snprintf(suffix, sizeof suffix, "loss %.4f  %.2f img/s", p.epochLoss, p.imagesPerSecond);
                bar->update(p.batch, p.batchesPerEpoch, suffix);
            },
            [&](const SegmentationEpochResult& e) {
                if (bar) bar->finish();
                bar.reset();
                std::fprintf(stderr, "epoch %d/%d  loss %.6f  %.1f s  %.2f img/s  saved %s\n", e.epoch, o.epochs,
                             e.meanLoss, e.seconds, e.imagesPerSecond, o.checkpointPath.c_str());
            },
            interrupt.flag());
    }();
    if (bar) bar->finish();
    if (result.cancelled)
        std::cerr << "instyle-cli train-seg: interrupted; saved " << o.checkpointPath << " (" << result.completedEpochs
                  << " epochs completed; --resume continues with the interrupted epoch)\n";
    if (g.json) {
        JsonWriter j;
        j.beginObject().field("arch", arch).field("images", static_cast<long long>(data.size()));
        j.field("first_epoch", result.firstEpoch).field("epochs_completed", result.completedEpochs);
        j.beginArray("epoch_loss");
        for (const auto& e : result.epochs) j.value(e.meanLoss);
        j.endArray().beginArray("images_per_second");
        for (const auto& e : result.epochs) j.value(e.imagesPerSecond);
        j.endArray();
        j.field("cancelled", result.cancelled).field("out", o.checkpointPath).field("device", g.device.str());
        j.field("threads", currentThreads()).endObject();
        std::cout << j.str() << std::endl;
    }
    return kExitOk;
}

}  // namespace

INSTYLE_CLI_COMMAND("train-seg", "train a segmentation network on a VOC-format set (SGD, paper recipe)", runTrainSeg);

}  // namespace instyle::cli
