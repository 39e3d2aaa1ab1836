#include "core/segmentation/segmentation_trainer.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"
#include "core/checkpoint/checkpoint_reader.h"
#include "core/nets/image_tensor.h"
#include "core/segmentation/voc_classes.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

namespace instyle {

namespace {

namespace F = torch::nn::functional;
using Clock = std::chrono::steady_clock;

const std::string kTraining = "training.";
const std::string kMomentum = "training.momentum.";

// Seed of epoch e's stream: a fixed mix of the run's seed and the epoch (SplitMix64 finaliser).
uint64_t epochSeed(uint64_t seed, int epoch) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(epoch + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int64_t scalarInt(const StateDict& dict, const std::string& key, const std::string& source) {
    const auto* t = dict.find(key);
    if (!t || t->numel() != 1)
        throw Error(ErrorCategory::Model, source + ": not a train-seg checkpoint (no '" + key + "')");
    return t->to(torch::kInt64).item<int64_t>();
}

}  // namespace

SegmentationTrainer::SegmentationTrainer(std::shared_ptr<SegmentationModel> model,
                                         const SegmentationTrainOptions& options)
    : model_(std::move(model)), options_(options) {
    if (!model_) throw Error(ErrorCategory::InvalidArgument, "SegmentationTrainer: no model");
    if (options.epochs < 1 || options.batchSize < 1 || options.crop < 32)
        throw Error(ErrorCategory::InvalidArgument, "SegmentationTrainer: epochs and batch must be >= 1, crop >= 32");
    if (!(options.lr > 0) || options.weightDecay < 0 || options.momentum < 0 || options.momentum >= 1)
        throw Error(ErrorCategory::InvalidArgument, "SegmentationTrainer: lr must be > 0, weight decay >= 0, momentum in [0, 1)");
    model_->to(options_.device);
    for (const auto& item : model_->named_parameters()) {
        item.value().set_requires_grad(true);
        paramNames_.push_back(item.key());
        params_.push_back(item.value());
    }
    momentum_.resize(params_.size());
}

void SegmentationTrainer::restore(const StateDict& checkpoint, const std::string& sourceName) {
    const int64_t epoch = scalarInt(checkpoint, "training.epoch", sourceName);
    LoadOptions o;
    o.sourceName = sourceName;
    o.ignorePrefixes = {kTraining};
    loadStateDict(*model_, checkpoint, o);
    for (size_t i = 0; i < params_.size(); ++i) {
        const auto* m = checkpoint.find(kMomentum + paramNames_[i]);
        momentum_[i] = m ? m->to(params_[i].device(), params_[i].scalar_type()).clone() : at::Tensor();
        if (m && !m->sizes().equals(params_[i].sizes()))
            throw Error(ErrorCategory::Model, sourceName + ": " + kMomentum + paramNames_[i] + " has shape " +
                                                  shapeString(m->sizes()) + ", expected " + shapeString(params_[i].sizes()));
    }
    completedEpochs_ = static_cast<int>(epoch);
}

StateDict SegmentationTrainer::checkpoint(bool interrupted) const {
    StateDict out;
    for (const auto& item : moduleStateDict(*model_)) out.insert(item.key(), item.value().detach().cpu());
    out.insert("training.epoch", torch::tensor(static_cast<int64_t>(completedEpochs_), torch::kInt64));
    out.insert("training.seed", torch::tensor(static_cast<int64_t>(options_.seed), torch::kInt64));
    out.insert("training.interrupted", torch::tensor(static_cast<int64_t>(interrupted ? 1 : 0), torch::kInt64));
    for (size_t i = 0; i < params_.size(); ++i)
        if (momentum_[i].defined()) out.insert(kMomentum + paramNames_[i], momentum_[i].detach().cpu());
    return out;
}

void SegmentationTrainer::save(bool interrupted) const {
    if (!options_.checkpointPath.empty()) writeCheckpoint(options_.checkpointPath, checkpoint(interrupted));
}

void SegmentationTrainer::augment(const SegmentationSample& sample, int crop, uint64_t rngSeed, at::Tensor& image,
                                  at::Tensor& label) {
    if (!sample.image.defined() || sample.image.dim() != 3 || !sample.label.defined() || sample.label.dim() != 2 ||
        sample.image.size(0) != sample.label.size(0) || sample.image.size(1) != sample.label.size(1))
        throw Error(ErrorCategory::Format, "sample '" + sample.id + "': image and label map differ in size");
    std::mt19937_64 rng(rngSeed);
    auto x = normalizeRgb8(sample.image).squeeze(0);  // 3xHxW
    auto y = sample.label.to(torch::kInt64);          // HxW
    if (rng() & 1) {
        x = x.flip({2});
        y = y.flip({1});
    }
    const int64_t h = y.size(0), w = y.size(1);
    const int64_t ph = std::max<int64_t>(0, crop - h), pw = std::max<int64_t>(0, crop - w);
    if (ph || pw) {
        x = F::pad(x.unsqueeze(0), F::PadFuncOptions({0, pw, 0, ph})).squeeze(0);
        y = F::pad(y.unsqueeze(0), F::PadFuncOptions({0, pw, 0, ph}).value(kVocIgnoreLabel)).squeeze(0);
    }
    const int64_t top = static_cast<int64_t>(rng() % static_cast<uint64_t>(y.size(0) - crop + 1));
    const int64_t left = static_cast<int64_t>(rng() % static_cast<uint64_t>(y.size(1) - crop + 1));
    image = x.narrow(1, top, crop).narrow(2, left, crop);
    label = y.narrow(0, top, crop).narrow(1, left, crop);
}

void SegmentationTrainer::sgdStep() {
    // torch.optim.SGD (dampening 0, no Nesterov): d = g + wd·p; b = d (first step) or μ·b + d;
    // p -= lr·b.
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < params_.size(); ++i) {
        auto& p = params_[i];
        if (!p.grad().defined()) continue;
        auto d = p.grad();
        if (options_.weightDecay != 0) d = d.add(p, options_.weightDecay);
        if (options_.momentum != 0) {
            if (!momentum_[i].defined())
                momentum_[i] = d.clone();
            else
                momentum_[i].mul_(options_.momentum).add_(d);
            d = momentum_[i];
        }
        p.add_(d, -options_.lr);
        p.mutable_grad().zero_();
    }
}

SegmentationTrainResult SegmentationTrainer::train(const SegmentationDataset& data,
                                                   const std::function<void(const SegmentationTrainProgress&)>& onProgress,
                                                   const std::function<void(const SegmentationEpochResult&)>& onEpoch,
                                                   const std::atomic_bool& cancel) {
    SegmentationTrainResult result;
    result.firstEpoch = completedEpochs_ + 1;
    if (data.size() == 0) throw Error(ErrorCategory::InvalidArgument, "the training set is empty");
    const int64_t n = static_cast<int64_t>(data.size());
    const int64_t batches = (n + options_.batchSize - 1) / options_.batchSize;
    model_->train();
    while (completedEpochs_ < options_.epochs) {
        const int epoch = completedEpochs_;  // 0-based index of the epoch in progress
        const uint64_t es = epochSeed(options_.seed, epoch);
        torch::manual_seed(es);  // dropout (FCNHead) draws from torch's generator
        std::mt19937_64 rng(es);
        std::vector<size_t> order(data.size());
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        const auto start = Clock::now();
        double lossSum = 0;
        int64_t images = 0;
        for (int64_t b = 0; b < batches; ++b) {
            if (cancel.load()) {
                save(true);
                result.cancelled = true;
                result.completedEpochs = completedEpochs_;
                return result;
            }
            std::vector<at::Tensor> xs, ys;
            const int64_t end = std::min<int64_t>(n, (b + 1) * options_.batchSize);
            for (int64_t k = b * options_.batchSize; k < end; ++k) {
                at::Tensor x, y;
                augment(data.sample(order[static_cast<size_t>(k)]), options_.crop, rng(), x, y);
                xs.push_back(x);
                ys.push_back(y);
            }
            auto input = torch::stack(xs).to(options_.device);
            auto target = torch::stack(ys).to(options_.device);
            double batchLoss = 0;
            if ((target != kVocIgnoreLabel).any().item<bool>()) {
                auto loss = F::cross_entropy(model_->forward(input), target,
                                             F::CrossEntropyFuncOptions().ignore_index(kVocIgnoreLabel));
                batchLoss = loss.item<double>();
                if (!std::isfinite(batchLoss))
                    throw Error(ErrorCategory::Numeric, "the training loss became " +
                                                            std::string(std::isnan(batchLoss) ? "NaN" : "infinite") +
                                                            " in epoch " + std::to_string(epoch + 1) + "; try a lower --lr");
                loss.backward();
                sgdStep();
            }
            lossSum += batchLoss;
            images += end - b * options_.batchSize;
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            if (onProgress)
                onProgress({epoch + 1, options_.epochs, b + 1, batches, batchLoss, lossSum / static_cast<double>(b + 1),
                            seconds > 0 ? images / seconds : 0.0});
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        ++completedEpochs_;
        SegmentationEpochResult er{epoch + 1, lossSum / static_cast<double>(batches), seconds,
                                   seconds > 0 ? images / seconds : 0.0};
        result.epochs.push_back(er);
        save(false);
        if (onEpoch) onEpoch(er);
    }
    result.completedEpochs = completedEpochs_;
    return result;
}

}  // namespace instyle
