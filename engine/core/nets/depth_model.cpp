#include "core/nets/depth_model.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"
#include "core/checkpoint/checkpoint_reader.h"
#include "core/checkpoint/state_dict.h"
#include "core/nets/midas_small.h"

#include <torch/csrc/jit/frontend/error_report.h>
#include <torch/script.h>
#include <torch/torch.h>

namespace instyle {

namespace {

class MidasSmallDepthModel : public DepthModel {
public:
    MidasSmallDepthModel(MidasSmall net, std::string source) : net_(std::move(net)), source_(std::move(source)) {}

    at::Tensor forward(const at::Tensor& input) override { return net_->forward(input).unsqueeze(1); }
    void to(const c10::Device& device) override { net_->to(device); }
    std::string description() const override {
        return "MiDaS v2.1 small (" + (net_->pretrained() ? source_ : "random weights, " + source_) + ")";
    }
    bool pretrained() const override { return net_->pretrained(); }

private:
    MidasSmall net_;
    std::string source_;
};

// TorchScript errors carry the script's traceback; the reason is on their last line.
std::string lastLine(const std::string& text) {
    size_t end = text.find_last_not_of(" \n\r\t");
    if (end == std::string::npos) return text;
    const size_t newline = text.find_last_of('\n', end);
    const size_t start = newline == std::string::npos ? 0 : newline + 1;
    return text.substr(start, end + 1 - start);
}

class TorchScriptDepthModel : public DepthModel {
public:
    TorchScriptDepthModel(torch::jit::Module module, std::string path)
        : module_(std::move(module)), path_(std::move(path)) {
        module_.eval();
        for (auto p : module_.parameters()) p.requires_grad_(false);
    }

    at::Tensor forward(const at::Tensor& input) override {
        c10::IValue out;
        try {
            out = module_.forward({input});
        } catch (const c10::Error& e) {
            throw Error(ErrorCategory::Model, path_ + ": the TorchScript depth model failed on a " +
                                                  shapeString(input.sizes()) + " input: " +
                                                  lastLine(e.what_without_backtrace()));
        } catch (const std::runtime_error& e) {  // the interpreter reports script errors this way
            throw Error(ErrorCategory::Model, path_ + ": the TorchScript depth model failed on a " +
                                                  shapeString(input.sizes()) + " input: " + lastLine(e.what()));
        }
        if (!out.isTensor())
            throw Error(ErrorCategory::Model, path_ + ": the TorchScript depth model must return a tensor");
        return asDepthMap(out.toTensor(), path_);
    }
    void to(const c10::Device& device) override { module_.to(device); }
    std::string description() const override { return "TorchScript depth model (" + path_ + ")"; }

private:
    torch::jit::Module module_;
    std::string path_;
};

}  // namespace

at::Tensor asDepthMap(const at::Tensor& output, const std::string& modelName) {
    if (output.dim() == 3 && output.size(0) == 1) return output.unsqueeze(1);
    if (output.dim() == 4 && output.size(0) == 1 && output.size(1) == 1) return output;
    throw Error(ErrorCategory::Model, modelName + ": a depth model must return 1xHxW or 1x1xHxW, got " +
                                          shapeString(output.sizes()));
}

std::shared_ptr<DepthModel> makeRandomMidasSmall(uint64_t seed) {
    return std::make_shared<MidasSmallDepthModel>(MidasSmall(seed), "seed " + std::to_string(seed));
}

std::shared_ptr<DepthModel> loadDepthModel(const std::string& path) {
    CheckpointInfo info;
    StateDict stateDict = readCheckpoint(path, &info);
    if (info.format == "torchscript") {
        try {
            return std::make_shared<TorchScriptDepthModel>(torch::jit::load(path, torch::kCPU), path);
        } catch (const c10::Error& e) {
            throw Error(ErrorCategory::Format, path + ": TorchScript archive LibTorch cannot load: " +
                                                   firstLine(e.what_without_backtrace()));
        } catch (const torch::jit::ErrorReport&) {
            // Not what(): LibTorch 1.13 builds that message lazily from the archive's debug records,
            // and a damaged record makes it throw inside the noexcept what() (std::terminate).
            throw Error(ErrorCategory::Format, path + ": TorchScript archive LibTorch cannot load: its code does not compile");
        }
    }
    MidasSmall net(0);
    net->loadOfficial(stateDict, path);
    return std::make_shared<MidasSmallDepthModel>(std::move(net), path);
}

}  // namespace instyle
