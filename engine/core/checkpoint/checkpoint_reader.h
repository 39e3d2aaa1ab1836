#pragma once
// Room checkpoint/: model files in PyTorch's own formats — the zip and legacy containers
// (zip_sanity), the allowlisting unpickler (pickle_reader, pickle_opcodes), reading and writing
// checkpoints, state dicts and loading them into modules (state_dict), and the registry of the
// official files (model_registry). Includes base/ only.
//
// Reading and writing model files in PyTorch's own formats, without running any of their code.
//
// readCheckpoint accepts what torch.save writes — the zip format (PyTorch >= 1.6) and the legacy
// format (magic number, protocol, sys info, pickle, raw storages; torchvision's 2017 files) —
// and TorchScript archives (torch.jit.save). Pickles are interpreted by a small allowlisting
// interpreter (pickle_reader.h): nothing is executed, anything but tensors and containers is
// refused, and every declared size is checked against the file, so a truncated or hostile file
// gives an instyle::Error naming it. A TorchScript archive's code is not compiled either (LibTorch
// 1.13's compiler crashes on some damaged code, found by fuzz_checkpoint): its data pickle is read
// in the same way, and which attributes are parameters and buffers is read from the
// `__parameters__` / `__buffers__` lines its code declares for each module class.
//
// Thread ownership: free functions without shared state; safe to call from any thread.

#include "core/checkpoint/state_dict.h"

#include <cstdint>
#include <string>
#include <vector>

namespace instyle {

struct CheckpointInfo {
    std::string format;  // "zip", "legacy", "torchscript"
    size_t tensors = 0;
    int64_t parameters = 0;           // total number of elements
    std::vector<std::string> dtypes;  // distinct, in order of first appearance ("float32", ...)
    bool hasMetadata = false;         // the state dict carries `_metadata` (PyTorch >= 0.4)
};

// The state dict in the file, in the file's order. A file holding a training checkpoint (a dict
// with "state_dict", "model_state_dict", "model" or "net" mapping to the tensors) yields that
// inner dict. Keys are returned as stored (strip "module." with LoadOptions::stripPrefixes).
// Throws Error (Io, Format or Resource) naming the file.
StateDict readCheckpoint(const std::string& path, CheckpointInfo* info = nullptr);

// Writes the tensors (moved to CPU, made contiguous) as an OrderedDict in the zip format that
// Python's torch.load reads. Atomic: a temporary file beside `path` is renamed over it.
void writeCheckpoint(const std::string& path, const StateDict& tensors);

}  // namespace instyle
