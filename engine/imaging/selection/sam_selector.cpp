#include "imaging/selection/sam_selector.h"

#include "core/base/error.h"

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <chrono>
#include <utility>

namespace instyle {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

SamSelector::SamSelector(std::shared_ptr<SamPredictor> predictor, std::string modelPath,
                         std::shared_ptr<SamEmbeddingCache> cache)
    : predictor_(std::move(predictor)), modelPath_(std::move(modelPath)), cache_(std::move(cache)) {}

SamSelector SamSelector::fromFile(const std::string& modelPath, c10::Device device,
                                  std::shared_ptr<SamEmbeddingCache> cache) {
    return SamSelector(std::make_shared<SamPredictor>(SamPredictor::fromFile(modelPath, device)), modelPath,
                       std::move(cache));
}

void SamSelector::setPhoto(const cv::Mat& rgb) {
    if (rgb.type() != CV_8UC3 || rgb.empty()) throw Error(ErrorCategory::InvalidArgument, "MobileSAM needs an 8-bit RGB photo");
    const at::Tensor hwc = torch::from_blob(const_cast<uint8_t*>(rgb.ptr<uint8_t>()), {rgb.rows, rgb.cols, 3},
                                            {static_cast<int64_t>(rgb.step[0]), 3, 1}, torch::kUInt8)
                               .contiguous();
    cached_ = false;
    secondsEncode_ = 0;
    SamCacheKey key;
    if (cache_) {
        key = {samPhotoHash(hwc), samModelHash(modelPath_)};
        if (auto hit = cache_->find(key); hit && hit->originalHeight == rgb.rows && hit->originalWidth == rgb.cols) {
            embedding_ = std::move(*hit);
            cached_ = true;
            return;
        }
    }
    layouts_ = predictor_->chooseLayouts();  // measured once per machine, remembered; not part of the encode time
    const auto start = std::chrono::steady_clock::now();
    embedding_ = predictor_->encode(hwc);
    secondsEncode_ = secondsSince(start);
    if (cache_) cache_->store(key, embedding_);  // a failed write only costs the next run an encode
}

SamSelection SamSelector::select(const SamPrompt& prompt) const {
    if (!embedding_.defined()) throw Error(ErrorCategory::InvalidArgument, "SamSelector::select before setPhoto");
    checkSamPrompt(prompt, embedding_.originalWidth, embedding_.originalHeight);
    const auto start = std::chrono::steady_clock::now();
    const SamMasks masks = predictor_->decodeOnce(embedding_, prompt);
    const at::Tensor best = masks.masks[masks.best].to(torch::kCPU).to(torch::kUInt8).mul(255).contiguous();
    SamSelection s;
    s.mask = cv::Mat(static_cast<int>(best.size(0)), static_cast<int>(best.size(1)), CV_8UC1, best.data_ptr<uint8_t>()).clone();
    s.secondsDecode = secondsSince(start);
    s.maskPixels = cv::countNonZero(s.mask);
    s.iouPrediction = masks.iouPredictions.empty() ? 0.0 : masks.iouPredictions[static_cast<size_t>(masks.best)];
    return s;
}

}  // namespace instyle
