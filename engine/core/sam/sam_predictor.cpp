#include "core/sam/sam_predictor.h"

#include "core/base/error.h"
#include "core/base/number_text.h"
#include "core/base/shape_string.h"
#include "core/checkpoint/checkpoint_reader.h"
#include "core/kernels/conv_tuner.h"
#include "core/kernels/cpu_memory_cache.h"
#include "core/sam/mobile_sam.h"

#include <torch/nn/functional/upsampling.h>
#include <torch/torch.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <system_error>

namespace instyle {

namespace {

namespace F = torch::nn::functional;

// SAM's pixel statistics on 0–255 values.
constexpr double kPixelMean[] = {123.675, 116.28, 103.53};
constexpr double kPixelStd[] = {58.395, 57.12, 57.375};

// "X,Y,…" → numbers; false when a field is not a whole finite number.
bool parseNumbers(const std::string& text, std::vector<double>& out) {
    out.clear();
    size_t start = 0;
    while (true) {
        const size_t comma = text.find(',', start);
        const std::string field = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        double v = 0;
        const char* first = field.data();
        const char* last = field.data() + field.size();
        if (!field.empty() && *first == '+') ++first;
        const auto result = std::from_chars(first, last, v);
        if (field.empty() || result.ec != std::errc() || result.ptr != last || !std::isfinite(v)) return false;
        out.push_back(v);
        if (comma == std::string::npos) return true;
        start = comma + 1;
    }
}

// Antialiased bilinear resize of N×C×H×W float to (h, w) along one axis at a time, each pass
// rounded to 8 bits as PIL's uint8 resampling does.
at::Tensor resizePass(const at::Tensor& x, int64_t h, int64_t w) {
    auto y = F::interpolate(x, F::InterpolateFuncOptions()
                                   .size(std::vector<int64_t>{h, w})
                                   .mode(torch::kBilinear)
                                   .align_corners(false)
                                   .antialias(true));
    return torch::floor(y + 0.5).clamp_(0, 255);
}

at::Tensor bilinear(const at::Tensor& x, int64_t h, int64_t w) {
    return F::interpolate(
        x, F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w}).mode(torch::kBilinear).align_corners(false));
}

}  // namespace

void checkSamPrompt(const SamPrompt& prompt, int64_t width, int64_t height) {
    const std::string photo = std::to_string(width) + "x" + std::to_string(height) + " photo";
    if (prompt.empty())
        throw Error(ErrorCategory::InvalidArgument, "no MobileSAM prompt: give --point X,Y[:1|0] and/or --box X0,Y0,X1,Y1");
    const auto inside = [&](double x, double y) { return x >= 0 && y >= 0 && x <= width && y <= height; };
    for (const auto& p : prompt.points)
        if (!inside(p.x, p.y))
            throw Error(ErrorCategory::InvalidArgument, "--point " + samPointText(p) + ": outside the " + photo);
    if (prompt.box) {
        const SamBox& b = *prompt.box;
        if (!inside(b.x0, b.y0) || !inside(b.x1, b.y1))
            throw Error(ErrorCategory::InvalidArgument, "--box " + samBoxText(b) + ": outside the " + photo);
        if (b.x1 <= b.x0 || b.y1 <= b.y0)
            throw Error(ErrorCategory::InvalidArgument,
                        "--box " + samBoxText(b) + ": empty box (X1 must be > X0 and Y1 > Y0)");
    }
}

SamPoint parseSamPoint(const std::string& text) {
    SamPoint point;
    std::string xy = text;
    const size_t colon = text.find(':');
    if (colon != std::string::npos) {
        const std::string label = text.substr(colon + 1);
        if (label != "1" && label != "0")
            throw Error(ErrorCategory::InvalidArgument,
                        "--point " + text + ": the label after ':' must be 1 (include) or 0 (exclude)");
        point.include = label == "1";
        xy = text.substr(0, colon);
    }
    std::vector<double> v;
    if (!parseNumbers(xy, v) || v.size() != 2)
        throw Error(ErrorCategory::InvalidArgument, "--point " + text + ": expected X,Y or X,Y:1 or X,Y:0 (photo pixels)");
    point.x = v[0];
    point.y = v[1];
    return point;
}

SamBox parseSamBox(const std::string& text) {
    std::vector<double> v;
    if (!parseNumbers(text, v) || v.size() != 4)
        throw Error(ErrorCategory::InvalidArgument, "--box " + text + ": expected X0,Y0,X1,Y1 (photo pixels)");
    return SamBox{v[0], v[1], v[2], v[3]};
}

std::string samPointText(const SamPoint& point) {
    return numberText(point.x) + "," + numberText(point.y) + (point.include ? "" : ":0");
}

std::string samBoxText(const SamBox& box) {
    return numberText(box.x0) + "," + numberText(box.y0) + "," + numberText(box.x1) + "," + numberText(box.y1);
}

SamPredictor::SamPredictor(std::shared_ptr<MobileSam> model, c10::Device device)
    : model_(std::move(model)), device_(device) {
    model_->to(device_);
    model_->prepare();  // the unregistered folded/derived tensors follow the weights' device
}

SamPredictor SamPredictor::fromFile(const std::string& path, c10::Device device) {
    const StateDict stateDict = readCheckpoint(path);
    auto model = std::make_shared<MobileSam>(0);
    model->loadOfficial(stateDict, path);
    return SamPredictor(std::move(model), device);
}

std::pair<int64_t, int64_t> SamPredictor::preprocessShape(int64_t height, int64_t width) {
    // ResizeLongestSide.get_preprocess_shape: float arithmetic, int(x + 0.5).
    const double scale = static_cast<double>(MobileSam::kImageSize) / static_cast<double>(std::max(height, width));
    return {static_cast<int64_t>(static_cast<double>(height) * scale + 0.5),
            static_cast<int64_t>(static_cast<double>(width) * scale + 0.5)};
}

at::Tensor SamPredictor::resizeLongestSide(const at::Tensor& rgb8) {
    if (rgb8.dim() != 3 || rgb8.size(2) != 3 || rgb8.scalar_type() != torch::kUInt8 || rgb8.size(0) < 1 || rgb8.size(1) < 1)
        throw Error(ErrorCategory::InvalidArgument,
                    "MobileSAM takes an HxWx3 8-bit RGB photo, got " + shapeString(rgb8.sizes()));
    torch::NoGradGuard noGrad;
    const auto [h, w] = preprocessShape(rgb8.size(0), rgb8.size(1));
    at::Tensor x = rgb8.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat);
    if (w != rgb8.size(1)) x = resizePass(x, rgb8.size(0), w);  // PIL: horizontal first
    if (h != rgb8.size(0)) x = resizePass(x, h, w);
    return x.squeeze(0).permute({1, 2, 0}).to(torch::kUInt8).contiguous();
}

std::string SamLayouts::text() const { return layoutName(convStage) + "/" + layoutName(tokenStages); }

SamLayouts SamPredictor::chooseLayouts(MemoryLayout forced, const std::string& cacheFile) const {
    SamLayouts chosen;
    if (!device_.is_cpu() || forced != MemoryLayout::Auto) {
        chosen.convStage = chosen.tokenStages = device_.is_cpu() ? forced : MemoryLayout::Nchw;
        chosen.summary = chosen.text() + (device_.is_cpu() ? " (forced)" : " (CUDA)");
    } else {
        // One encoder pass per layout, each part timed; both parts' choices come from those passes.
        std::map<MemoryLayout, std::map<std::string, double>> parts;
        const auto partsIn = [&](MemoryLayout layout) -> const std::map<std::string, double>& {
            auto it = parts.find(layout);
            if (it != parts.end()) return it->second;
            std::map<std::string, double>& seconds = parts[layout];
            model_->imageEncoder->setLayouts(layout, layout);
            c10::InferenceMode inference;
            CpuMemoryCacheScope memoryCache;
            const int64_t size = MobileSam::kImageSize;
            const at::Tensor blank = torch::zeros({1, 3, size, size}, torch::TensorOptions().device(device_));
            auto start = std::chrono::steady_clock::now();
            model_->imageEncoder->forward(blank, [&](const char* part) {
                const auto now = std::chrono::steady_clock::now();
                seconds[part] = std::chrono::duration<double>(now - start).count();
                start = now;
            });
            return seconds;
        };
        const auto sum = [](const std::map<std::string, double>& seconds, std::initializer_list<const char*> names) {
            double total = 0;
            for (const char* name : names) total += seconds.at(name);
            return total;
        };
        const ConvTuner tuner(cacheFile);
        const int threads = at::get_num_threads();
        const ConvTuning conv = tuner.resolve(
            ConvTuneKey{MobileSam::kImageSize, MobileSam::kImageSize, threads, "mobile_sam.conv_stage"},
            ConvAlgorithm::Direct, MemoryLayout::Auto, false,
            [&](const ConvChoice& c) { return sum(partsIn(c.layout), {"patch_embed", "layers.0"}); });
        const ConvTuning tokens = tuner.resolve(
            ConvTuneKey{MobileSam::kImageSize, MobileSam::kImageSize, threads, "mobile_sam.token_stages"},
            ConvAlgorithm::Direct, MemoryLayout::Auto, false,
            [&](const ConvChoice& c) { return sum(partsIn(c.layout), {"layers.1", "layers.2", "layers.3", "neck"}); });
        chosen.convStage = conv.choice.layout;
        chosen.tokenStages = tokens.choice.layout;
        chosen.secondsTuning = conv.seconds + tokens.seconds;
        chosen.summary = "conv stage " + conv.summary() + "; token stages " + tokens.summary();
    }
    model_->imageEncoder->setLayouts(chosen.convStage, chosen.tokenStages);
    layouts_ = chosen;
    layoutsChosen_ = true;
    return chosen;
}

SamEmbedding SamPredictor::encode(const at::Tensor& rgb8) const {
    return encodeResized(resizeLongestSide(rgb8), rgb8.size(0), rgb8.size(1));
}

at::Tensor SamPredictor::preprocess(const at::Tensor& resized8, c10::Device device) {
    const int64_t size = MobileSam::kImageSize;
    c10::InferenceMode inference;
    at::Tensor x = resized8.to(device).permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat);
    const auto mean = torch::tensor({kPixelMean[0], kPixelMean[1], kPixelMean[2]}, x.options()).view({1, 3, 1, 1});
    const auto std = torch::tensor({kPixelStd[0], kPixelStd[1], kPixelStd[2]}, x.options()).view({1, 3, 1, 1});
    x = (x - mean) / std;
    return torch::constant_pad_nd(x, {0, size - x.size(3), 0, size - x.size(2)}, 0);
}

SamEmbedding SamPredictor::encodeResized(const at::Tensor& resized8, int64_t originalHeight,
                                         int64_t originalWidth) const {
    const int64_t size = MobileSam::kImageSize;
    if (resized8.dim() != 3 || resized8.size(2) != 3 || resized8.size(0) > size || resized8.size(1) > size)
        throw Error(ErrorCategory::InvalidArgument,
                    "MobileSAM's encoder takes an HxWx3 image of at most 1024x1024, got " + shapeString(resized8.sizes()));
    if (!layoutsChosen_) chooseLayouts();
    c10::InferenceMode inference;
    CpuMemoryCacheScope memoryCache;
    SamEmbedding e;
    e.features = model_->imageEncoder->forward(preprocess(resized8, device_)).to(torch::kCPU).contiguous();
    e.originalHeight = originalHeight;
    e.originalWidth = originalWidth;
    e.inputHeight = resized8.size(0);
    e.inputWidth = resized8.size(1);
    return e;
}

SamMasks SamPredictor::decode(const SamEmbedding& embedding, const SamPrompt& prompt, const at::Tensor& maskInput,
                              bool multimask) const {
    if (!embedding.defined()) throw Error(ErrorCategory::InvalidArgument, "MobileSAM decode without an embedding");
    if (prompt.empty() && !maskInput.defined())
        throw Error(ErrorCategory::InvalidArgument, "no MobileSAM prompt: give a point or a box");
    c10::InferenceMode inference;
    CpuMemoryCacheScope memoryCache;
    // ResizeLongestSide.apply_coords: x·(new w / old w), y·(new h / old h), in double, then float32.
    const double sx = static_cast<double>(embedding.inputWidth) / static_cast<double>(embedding.originalWidth);
    const double sy = static_cast<double>(embedding.inputHeight) / static_cast<double>(embedding.originalHeight);
    const auto floatOptions = torch::TensorOptions().dtype(torch::kFloat).device(device_);
    at::Tensor coords, labels, box, mask;
    if (!prompt.points.empty()) {
        std::vector<float> xy;
        std::vector<int64_t> lab;
        for (const auto& p : prompt.points) {
            xy.push_back(static_cast<float>(p.x * sx));
            xy.push_back(static_cast<float>(p.y * sy));
            lab.push_back(p.include ? 1 : 0);
        }
        const auto n = static_cast<int64_t>(prompt.points.size());
        coords = torch::tensor(xy, torch::kFloat).view({1, n, 2}).to(device_);
        labels = torch::tensor(lab, torch::kLong).view({1, n}).to(device_);
    }
    if (prompt.box) {
        const SamBox& b = *prompt.box;
        box = torch::tensor(std::vector<float>{static_cast<float>(b.x0 * sx), static_cast<float>(b.y0 * sy),
                                               static_cast<float>(b.x1 * sx), static_cast<float>(b.y1 * sy)},
                            torch::kFloat)
                  .view({1, 4})
                  .to(device_);
    }
    if (maskInput.defined()) {
        const int64_t side = MobileSam::kLowResSize;
        if (maskInput.numel() != side * side)
            throw Error(ErrorCategory::InvalidArgument,
                        "MobileSAM mask input must be 256x256 logits, got " + shapeString(maskInput.sizes()));
        mask = maskInput.reshape({1, 1, side, side}).to(floatOptions);
    }
    auto [lowRes, iou] = model_->decode(embedding.features.to(floatOptions), coords, labels, box, mask);
    if (multimask) {
        lowRes = lowRes.slice(1, 1, 4);
        iou = iou.slice(1, 1, 4);
    } else {
        lowRes = lowRes.slice(1, 0, 1);
        iou = iou.slice(1, 0, 1);
    }
    // Sam.postprocess_masks: → 1024×1024, crop the padding, → the photo's size; then > 0.
    const int64_t size = MobileSam::kImageSize;
    at::Tensor up = bilinear(lowRes, size, size);
    up = up.slice(2, 0, embedding.inputHeight).slice(3, 0, embedding.inputWidth);
    up = bilinear(up, embedding.originalHeight, embedding.originalWidth);
    SamMasks out;
    out.masks = up.squeeze(0).gt(0).to(torch::kCPU);
    out.lowResLogits = lowRes.squeeze(0).to(torch::kCPU).contiguous();
    const auto iouCpu = iou.squeeze(0).to(torch::kCPU).to(torch::kDouble).contiguous();
    out.iouPredictions.assign(iouCpu.data_ptr<double>(), iouCpu.data_ptr<double>() + iouCpu.numel());
    out.best = 0;
    for (size_t i = 1; multimask && i < out.iouPredictions.size(); ++i)
        if (out.iouPredictions[i] > out.iouPredictions[static_cast<size_t>(out.best)]) out.best = static_cast<int>(i);
    return out;
}

SamMasks SamPredictor::decodeOnce(const SamEmbedding& embedding, const SamPrompt& prompt) const {
    const bool multimask = prompt.points.size() == 1 && !prompt.box;
    return decode(embedding, prompt, {}, multimask);
}

}  // namespace instyle
