// libFuzzer target for the checkpoint reader: any byte string must give a StateDict or an
// instyle::Error — never a crash, hang, leak or huge allocation (run with -rss_limit_mb=2048).
//
//   fuzz_checkpoint -max_len=65536 -rss_limit_mb=2048 CORPUS_DIR
//
// The seed corpus is made from the test fixtures: `cmake --build . --target fuzz_checkpoint_corpus`.

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The reader takes a path (it streams large files); one scratch file per process.
    static const std::string path = "/tmp/fuzz_checkpoint_" + std::to_string(::getpid()) + ".pth";
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return 0;
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);
    try {
        instyle::CheckpointInfo info;
        const instyle::StateDict sd = instyle::readCheckpoint(path, &info);
        // Touch every tensor's bytes so that out-of-bounds views would be caught by ASan.
        volatile double sum = 0;
        for (const auto& item : sd) {
            if (item.value().numel() > 0 && item.value().numel() < (1 << 20))
                sum = sum + item.value().to(at::kDouble).sum().item<double>();
        }
    } catch (const instyle::Error&) {
    }
    return 0;
}
