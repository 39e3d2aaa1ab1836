#include "core/checkpoint/state_dict.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"

#include <torch/torch.h>

#include <sstream>

namespace instyle {

namespace {

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

StateDict moduleStateDict(const torch::nn::Module& module) {
    StateDict result;
    // named_parameters/named_buffers each keep registration order; PyTorch interleaves them per
    // submodule (parameters first, then buffers), which is what we reproduce here.
    std::function<void(const torch::nn::Module&, const std::string&)> visit =
        [&](const torch::nn::Module& m, const std::string& prefix) {
            for (const auto& p : m.named_parameters(/*recurse=*/false)) result.insert(prefix + p.key(), p.value());
            for (const auto& b : m.named_buffers(/*recurse=*/false)) result.insert(prefix + b.key(), b.value());
            for (const auto& child : m.named_children()) visit(*child.value(), prefix + child.key() + ".");
        };
    visit(module, "");
    return result;
}

void loadStateDict(torch::nn::Module& module, const StateDict& stateDict, const LoadOptions& options) {
    StateDict target = moduleStateDict(module);
    std::vector<std::string> missing, unexpected, mismatched;
    std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;

    std::set<std::string> seen;
    for (const auto& item : stateDict) {
        std::string key = item.key();
        bool ignored = false;
        for (const auto& prefix : options.ignorePrefixes)
            if (startsWith(key, prefix)) ignored = true;
        if (ignored) continue;
        for (const auto& prefix : options.stripPrefixes)
            if (startsWith(key, prefix)) key = key.substr(prefix.size());
        const torch::Tensor* dest = target.find(key);
        if (!dest) {
            unexpected.push_back(key);
            continue;
        }
        seen.insert(key);
        const torch::Tensor& src = item.value();
        if (src.sizes() != dest->sizes()) {
            mismatched.push_back(key + " (expected " + shapeString(dest->sizes()) + ", found " +
                                 shapeString(src.sizes()) + ")");
            continue;
        }
        copies.emplace_back(*dest, src);
    }
    for (const auto& item : target) {
        if (seen.count(item.key())) continue;
        if (endsWith(item.key(), "num_batches_tracked")) continue;  // PyTorch tolerates old files
        missing.push_back(item.key() + " " + shapeString(item.value().sizes()));
    }

    const bool fail = !mismatched.empty() || (options.strict && (!missing.empty() || !unexpected.empty()));
    if (fail) {
        std::ostringstream msg;
        msg << options.sourceName << ": does not fit the model:";
        auto list = [&](const char* what, const std::vector<std::string>& items) {
            if (items.empty()) return;
            msg << " " << what << " " << items.size() << " (";
            for (size_t i = 0; i < items.size() && i < 5; ++i) msg << (i ? ", " : "") << items[i];
            if (items.size() > 5) msg << ", ...";
            msg << ");";
        };
        list("missing keys", missing);
        list("unexpected keys", unexpected);
        list("shape mismatches", mismatched);
        std::string text = msg.str();
        if (!text.empty() && text.back() == ';') text.pop_back();
        throw Error(ErrorCategory::Model, text);
    }

    torch::NoGradGuard noGrad;
    for (auto& [dest, src] : copies) dest.copy_(src.to(dest.dtype()).to(dest.device()));
}

}  // namespace instyle
