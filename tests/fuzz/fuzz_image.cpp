// libFuzzer target for the image loader: any byte string given to instyle::loadImage must give a
// well-formed DecodedImage or an instyle::Error — never a crash, an ASan/UBSan report, another
// exception, a hang or a huge allocation (run with -rss_limit_mb=2048).
//
//   fuzz_image -max_len=16384 -rss_limit_mb=2048 CORPUS_DIR
//
// The seed corpus (PNG 8/16-bit, grey, grey+alpha, RGBA, palette, JPEG incl. EXIF-rotated and
// CMYK, TIFF, BMP, WebP, PNM, GIF) is written by make_image_corpus.sh; run_fuzzers.sh does all.

#include "core/base/error.h"
#include "imaging/io/image_io.h"

#include <opencv2/core.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// loadImage takes a path: one scratch file per process, in memory (/dev/shm) when available,
// removed after each input so that nothing is left behind.
const std::string& scratchPath() {
    static const std::string path = [] {
        const char* dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        return std::string(dir) + "/instyle_fuzz_image_" + std::to_string(::getpid()) + ".img";
    }();
    return path;
}

// A contract violation in what loadImage returned is a finding like a crash.
void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_image: loadImage returned a malformed image: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // OpenCV's own warnings (libpng/libjpeg messages) would drown libFuzzer's output.
    ::setenv("OPENCV_LOG_LEVEL", "ERROR", 0);
    cv::setNumThreads(1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = scratchPath();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return 0;
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);

    instyle::ImageReadOptions options;
    options.maxPixels = 4'000'000;  // keeps the decoded images (and the fuzzer's memory) small
    try {
        const instyle::DecodedImage image = instyle::loadImage(path, options);
        check(!image.rgb.empty() && image.rgb.type() == CV_8UC3, "rgb is not a non-empty CV_8UC3");
        check(int64_t(image.rgb.total()) <= options.maxPixels, "more pixels than the limit");
        check(image.rgb.cols >= options.minSide && image.rgb.rows >= options.minSide, "smaller than minSide");
        check(image.rgb16.empty() || (image.rgb16.type() == CV_16UC3 && image.rgb16.size() == image.rgb.size()),
              "rgb16 does not match rgb");
        check(image.alpha.empty() || (image.alpha.channels() == 1 && image.alpha.size() == image.rgb.size()),
              "alpha does not match rgb");
        check(image.bitDepth == 8 || image.bitDepth == 16 || image.bitDepth == 32, "unexpected bit depth");
        check(!image.format.empty(), "no format");
        // Read every pixel so that a Mat pointing at freed or foreign memory is caught by ASan.
        volatile double sum = cv::sum(image.rgb)[0];
        if (!image.alpha.empty()) sum = sum + cv::sum(image.alpha)[0];
        (void)sum;
    } catch (const instyle::Error& e) {
        // The expected outcome for bad bytes: one line naming the file.
        const std::string message = e.what();
        check(message.find(path) != std::string::npos, "error message does not name the file");
        check(message.find('\n') == std::string::npos, "error message is not one line");
    }
    std::remove(path.c_str());
    return 0;
}
