#include "core/nets/vgg19_features.h"

#include "core/base/error.h"
#include "core/kernels/winograd_conv.h"

#include <torch/torch.h>

#include <algorithm>
#include <typeinfo>

namespace instyle {

namespace {

// torchvision cfg "E": channel counts, 0 = max pool.
constexpr int kConfig[] = {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0,
                           512, 512, 512, 512, 0, 512, 512, 512, 512, 0};

std::vector<std::string> buildNames() {
    std::vector<std::string> names;
    int block = 1, conv = 1;
    for (int c : kConfig) {
        if (c == 0) {
            names.push_back("pool" + std::to_string(block));
            ++block;
            conv = 1;
        } else {
            const std::string suffix = std::to_string(block) + "_" + std::to_string(conv);
            names.push_back("conv" + suffix);
            names.push_back("relu" + suffix);
            ++conv;
        }
    }
    return names;
}

}  // namespace

const std::vector<std::string>& vggLayerNames() {
    static const std::vector<std::string> names = buildNames();
    return names;
}

int vggLayerIndex(const std::string& name) {
    const auto& names = vggLayerNames();
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw Error(ErrorCategory::InvalidArgument, "unknown VGG19 layer '" + name + "'");
    return static_cast<int>(it - names.begin());
}

Vgg19FeaturesImpl::Vgg19FeaturesImpl(uint64_t seed) {
    torch::manual_seed(seed);
    features_ = torch::nn::Sequential();
    int in = 3;
    for (int c : kConfig) {
        if (c == 0) {
            features_->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2)));
        } else {
            features_->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, c, 3).padding(1)));
            // In place, as torchvision's: a convolution's backward needs its input, not its output.
            features_->push_back(torch::nn::ReLU(torch::nn::ReLUOptions(true)));
            in = c;
        }
    }
    register_module("features", features_);
    for (auto& p : parameters()) p.requires_grad_(false);
    eval();
}

std::vector<torch::Tensor> Vgg19FeaturesImpl::forward(const torch::Tensor& input,
                                                      const std::vector<int>& layers) {
    if (layers.empty()) return {};
    const int last = *std::max_element(layers.begin(), layers.end());
    if (last < 0 || last >= static_cast<int>(features_->size()))
        throw Error(ErrorCategory::InvalidArgument, "VGG19 layer index out of range: " + std::to_string(last));
    std::vector<torch::Tensor> out(layers.size());
    torch::Tensor x = channelsLast_ ? input.contiguous(at::MemoryFormat::ChannelsLast) : input;
    auto layer = features_->begin();
    bool captured = false;  // x is one of the outputs
    for (int i = 0; i <= last; ++i, ++layer) {
        // The ReLUs work in place; one after a captured convolution must not overwrite its output.
        const auto filter = winograd_ && x.is_cpu() ? winogradFilter(size_t(i)) : nullptr;
        if (filter)
            x = winogradConv2d(x.contiguous(), filter);
        else
            x = captured && layer->type_info() == typeid(torch::nn::ReLUImpl) ? torch::relu(x) : layer->forward(x);
        captured = false;
        for (size_t k = 0; k < layers.size(); ++k)
            if (layers[k] == i) out[k] = x, captured = true;
    }
    return out;
}

void Vgg19FeaturesImpl::setChannelsLast(bool on) {
    channelsLast_ = on;
    const auto format = on ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    torch::NoGradGuard noGrad;
    for (auto& p : parameters())
        if (p.dim() == 4) p.set_data(p.contiguous(format));
}

void Vgg19FeaturesImpl::setWinograd(bool on, int lastLayer) {
    winograd_ = on;
    forgetWinogradFilters();
    if (!on) return;
    const int deepest = static_cast<int>(features_->size()) - 1;
    const int last = lastLayer < 0 ? deepest : std::min(lastLayer, deepest);
    for (int i = 0; i <= last; ++i) winogradFilter(size_t(i));
}

// winogradFilter makes each again when a forward reaches its layer.
void Vgg19FeaturesImpl::forgetWinogradFilters() {
    std::lock_guard<std::mutex> lock(*winogradMutex_);
    winogradFilters_.assign(features_->size(), nullptr);
}

size_t Vgg19FeaturesImpl::winogradFiltersHeld() const {
    std::lock_guard<std::mutex> lock(*winogradMutex_);
    return static_cast<size_t>(std::count_if(winogradFilters_.begin(), winogradFilters_.end(),
                                             [](const auto& f) { return f != nullptr; }));
}

std::shared_ptr<const WinogradFilter> Vgg19FeaturesImpl::winogradFilter(size_t layer) {
    std::lock_guard<std::mutex> lock(*winogradMutex_);
    if (winogradFilters_.size() != features_->size()) winogradFilters_.assign(features_->size(), nullptr);
    auto& filter = winogradFilters_[layer];
    const auto* conv = features_[layer]->as<torch::nn::Conv2d>();
    if (!filter && conv && conv->options.in_channels() >= 64) {
        torch::NoGradGuard noGrad;
        filter = std::make_shared<const WinogradFilter>(conv->weight.detach().to(torch::kCPU).contiguous(),
                                                        conv->bias.detach().to(torch::kCPU));
    }
    return filter;
}

void Vgg19FeaturesImpl::loadTorchvision(const StateDict& stateDict, const std::string& sourceName) {
    LoadOptions options;
    options.ignorePrefixes = {"classifier."};
    options.sourceName = sourceName;
    loadStateDict(*this, stateDict, options);
    pretrained_ = true;
    setChannelsLast(channelsLast_);  // loading copies into the parameters; keep their layout
    forgetWinogradFilters();         // transformed again from the new weights as forwards reach them
}

}  // namespace instyle
