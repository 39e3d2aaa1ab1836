#pragma once
// Loading named tensors into a torch::nn::Module the way PyTorch's load_state_dict does:
// strict by default, every problem reported in one message.

#include <torch/nn/module.h>
#include <torch/ordered_dict.h>

#include <string>
#include <vector>

namespace instyle {

// Ordered name → tensor, in the file's order.
using StateDict = torch::OrderedDict<std::string, torch::Tensor>;

struct LoadOptions {
    bool strict = true;
    // Keys starting with one of these are skipped (e.g. "classifier.", "aux_classifier.").
    std::vector<std::string> ignorePrefixes;
    // Stripped from the start of every key before matching (e.g. "module." from DataParallel).
    std::vector<std::string> stripPrefixes;
    // Names the source in error messages (a file path, usually).
    std::string sourceName = "state dict";
};

// Copies the matching tensors into the module's parameters and buffers (converted to their
// dtype and device). Throws instyle::Error (Model) listing every missing/unexpected key and
// shape mismatch together. As PyTorch does, a missing BatchNorm `num_batches_tracked` is
// tolerated (old files) and left at 0.
void loadStateDict(torch::nn::Module& module, const StateDict& stateDict,
                   const LoadOptions& options = {});

// The module's parameters and buffers in registration order, as PyTorch's state_dict() names them.
StateDict moduleStateDict(const torch::nn::Module& module);

}  // namespace instyle
