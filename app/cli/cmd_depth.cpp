// instyle-cli depth: the MiDaS depth map of a photo, as a 16-bit PNG and a colour-mapped preview.

#include "cli/commands.h"
#include "cli/option_args.h"

#include "core/style/depth_loss.h"
#include "core/nets/depth_model.h"
#include "core/base/error.h"
#include "core/base/json_writer.h"
#include "core/base/runtime.h"
#include "imaging/io/image_io.h"
#include "imaging/io/mat_tensor.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <torch/torch.h>

#include <chrono>
#include <iostream>

namespace instyle::cli {

namespace {

std::string help() {
    const OptionSpec& size = options::depthCommand::size;
    return "Usage: instyle-cli depth --image PATH --midas FILE --out PATH.png [options]\n"
           "\n"
           "Estimates relative inverse depth (larger = nearer) with MiDaS v2.1 small and writes it at\n"
           "the photo's size as a 16-bit grey PNG, scaled so that the map's minimum is 0 and its maximum\n"
           "65535, plus a colour-mapped 8-bit preview (inferno).\n"
           "\n"
           "  --image PATH     the photo\n"
           "  --midas FILE     midas_v21_small_256.pt (the official file), or a TorchScript depth model\n"
           "                   (input 1x3xHxW ImageNet-normalised, output 1xHxW or 1x1xHxW inverse depth)\n"
           "  --out PATH.png   the 16-bit depth map; written atomically\n"
           "  --preview PATH   the colour preview (default: PATH.preview.png beside --out)\n"
           "  --size N         network size: the photo is resized to fit NxN keeping its aspect ratio,\n"
           "                   each side a multiple of 32 (default " + helpDefault(size) + ", MiDaS small's training size; " +
           rangeText(size) + ")\n";
}

bool endsWith(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size()) return false;
    std::string tail = s.substr(s.size() - suffix.size());
    for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return tail == suffix;
}

std::string defaultPreviewPath(const std::string& out) {
    return out.substr(0, out.size() - 4) + ".preview.png";
}

// Depth scaled to [0, 1] by its own range (a constant map gives zeros), as CV_32FC1.
cv::Mat normalisedDepth(const at::Tensor& depth, double min, double max) {
    auto d = depth.squeeze().to(torch::kCPU, torch::kFloat32).contiguous();
    const double range = max - min;
    d = range > 1e-12 ? (d - min) / range : torch::zeros_like(d);
    cv::Mat m(static_cast<int>(d.size(0)), static_cast<int>(d.size(1)), CV_32FC1, d.data_ptr<float>());
    return m.clone();
}

void writePng16(const std::string& path, const cv::Mat& unit) {
    cv::Mat png16;
    unit.convertTo(png16, CV_16UC1, 65535.0);
    std::vector<uchar> bytes;
    if (!cv::imencode(".png", png16, bytes)) throw Error(ErrorCategory::Io, path + ": could not encode the PNG");
    writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}

void writePreview(const std::string& path, const cv::Mat& unit) {
    cv::Mat grey, bgr, rgb;
    unit.convertTo(grey, CV_8UC1, 255.0);
    cv::applyColorMap(grey, bgr, cv::COLORMAP_INFERNO);
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    saveImage(path, rgb);
}

int runDepth(const std::vector<std::string>& tokens) {
    Args args(tokens, {"image", "midas", "out", "preview", "size"}, {});
    if (helpAsked(args, help())) return kExitOk;
    const auto start = std::chrono::steady_clock::now();
    const GlobalOptions g = applyGlobalOptions(args);
    const std::string imagePath = args.required("image"), modelPath = args.required("midas");
    const std::string out = args.required("out");
    const int size = intOption(args, options::depthCommand::size);
    if (!endsWith(out, ".png")) throw UsageError("--out must name a .png file (16-bit depth map)");
    const std::string preview = args.value("preview").value_or(defaultPreviewPath(out));
    checkOutputImagePath(out);
    checkOutputImagePath(preview);

    const cv::Mat rgb = loadImageRgb(imagePath);
    auto model = loadDepthModel(modelPath);
    model->to(g.device);
    const auto image = matToTensor(rgb).to(g.device);
    const auto [netWidth, netHeight] = depthInputSize(rgb.cols, rgb.rows, size, model->sizeMultiple());
    const auto depth = estimateDepth(*model, image, size).to(torch::kCPU);
    const double min = depth.min().item<double>(), max = depth.max().item<double>();
    const double mean = depth.mean().item<double>();

    const cv::Mat unit = normalisedDepth(depth, min, max);
    writePng16(out, unit);
    writePreview(preview, unit);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (g.json) {
        JsonWriter j;
        j.beginObject()
            .field("image", imagePath)
            .field("depth", out)
            .field("preview", preview)
            .field("model", model->description())
            .field("pretrained", model->pretrained());
        j.beginArray("size").value(rgb.cols).value(rgb.rows).endArray();
        j.beginArray("network_size").value(static_cast<long long>(netWidth)).value(static_cast<long long>(netHeight)).endArray();
        j.field("min", min).field("max", max).field("mean", mean);
        j.field("device", g.device.str()).field("threads", currentThreads()).field("seconds", seconds);
        j.endObject();
        std::cout << j.str() << std::endl;
    } else {
        std::cerr << "wrote " << out << " and " << preview << "\n";
    }
    return kExitOk;
}

}  // namespace

INSTYLE_CLI_COMMAND("depth", "estimate a depth map with MiDaS (16-bit PNG + preview)", runDepth);

}  // namespace instyle::cli
