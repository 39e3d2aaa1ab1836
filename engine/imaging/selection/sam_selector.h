#pragma once
// MobileSAM selection of one photo (cv::Mat RGB) for the CLI's segment and stylize: the photo's
// embedding once — from SamEmbeddingCache when this photo was encoded with this model file before —
// then one decoder call per prompt, each giving a 0/255 mask at the photo's size.
//
// Thread ownership: one thread at a time (it owns a SamPredictor).

#include "core/sam/sam_embedding_cache.h"
#include "core/sam/sam_predictor.h"

#include <c10/core/Device.h>
#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>

namespace instyle {

struct SamSelection {
    cv::Mat mask;          // CV_8UC1, 0/255, the photo's size
    int64_t maskPixels = 0;
    double iouPrediction = 0;  // the decoder's predicted IoU of the mask
    double secondsDecode = 0;  // prompt encoder + mask decoder + post-processing
};

class SamSelector {
public:
    // cache null: no cache (every photo is encoded).
    SamSelector(std::shared_ptr<SamPredictor> predictor, std::string modelPath,
                std::shared_ptr<SamEmbeddingCache> cache);
    // Loads the model file (throws Error naming it).
    static SamSelector fromFile(const std::string& modelPath, c10::Device device, std::shared_ptr<SamEmbeddingCache> cache);

    // The photo (CV_8UC3 RGB, any size): looked up in the cache, else encoded (and stored).
    void setPhoto(const cv::Mat& rgb);
    // Checks the prompt against the photo (checkSamPrompt: one-line Error naming the option) and
    // decodes it once (SamPredictor::decodeOnce).
    SamSelection select(const SamPrompt& prompt) const;

    bool cached() const { return cached_; }  // the photo's embedding came from the cache
    double secondsEncode() const { return secondsEncode_; }  // pre-processing + encoder; 0 when cached
    // The encoder's layouts and the seconds spent measuring them in setPhoto (0 once remembered;
    // SamPredictor::chooseLayouts). Not chosen when the embedding came from the cache.
    const SamLayouts& layouts() const { return layouts_; }

private:
    std::shared_ptr<SamPredictor> predictor_;
    std::string modelPath_;
    std::shared_ptr<SamEmbeddingCache> cache_;
    SamEmbedding embedding_;
    bool cached_ = false;
    double secondsEncode_ = 0;
    SamLayouts layouts_;
};

}  // namespace instyle
