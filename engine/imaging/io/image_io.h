#pragma once
// Room imaging/io/ (the lowest of instyle_imaging, OpenCV on top of instyle_core): photos in and
// out with their sizes and formats checked (this), VOC label-map PNGs through libpng, cv::Mat ↔
// tensor conversion and the VOC dataset on disk. Includes engine/core's rooms, OpenCV and libpng;
// no other imaging room.
//
// Reading and writing photos. Errors are instyle::Error with one line naming the file.
// Pixels in memory are RGB (not OpenCV's BGR), 8 bits per channel.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>

namespace instyle {

// The pixel limit images are checked against before decoding: $INSTYLE_MAX_PIXELS when set to a
// positive integer, else kBuiltInMaxPixels (a 60000x60000 header would otherwise allocate
// gigabytes). Throws Error(InvalidArgument) when the variable is set but not a positive integer.
constexpr int64_t kBuiltInMaxPixels = 200'000'000;
int64_t defaultMaxPixels();

struct ImageReadOptions {
    // Refuse images with more pixels than this before decoding them.
    int64_t maxPixels = defaultMaxPixels();
    // Images smaller than this on either side are refused (nothing to stylise).
    int minSide = 8;
};

// A decoded photo: 8-bit RGB for the engine, plus what the file had beyond that.
struct DecodedImage {
    cv::Mat rgb;        // CV_8UC3
    cv::Mat rgb16;      // CV_16UC3, only for 16-bit files (so results can keep the bit depth)
    cv::Mat alpha;      // CV_8UC1 or CV_16UC1 (the file's depth) when it has transparency
    int bitDepth = 8;   // bits per channel in the file (8, 16, 32)
    std::string format; // "png", "jpeg", ...
};

// Reads an image file. The format is taken from the content, not the name; EXIF orientation is
// applied to JPEGs; grey, grey+alpha, RGBA, palette, 16-bit and CMYK files become RGB. The pixel
// count is checked against the limit from the header, before decoding (PNG, JPEG, BMP, WebP).
// Truncated PNG/JPEG files are refused rather than used half-decoded. Errors are one line naming
// the file.
DecodedImage loadImage(const std::string& path, const ImageReadOptions& options = {});

// loadImage(...).rgb: CV_8UC3 RGB.
cv::Mat loadImageRgb(const std::string& path, const ImageReadOptions& options = {});

// Width and height a file's header declares (PNG, JPEG, BMP, WebP), or (-1, -1) when unknown.
cv::Size declaredImageSize(const std::string& bytes, const std::string& format);

struct ImageWriteOptions {
    int jpegQuality = 95;
};

// Writes RGB, RGBA (alpha dropped for JPEG/BMP) or grey, 8 or 16 bits (16-bit data is written
// at 16 bits to PNG and TIFF, scaled to 8 bits for the other formats), to path; the format follows the extension (png, jpg/jpeg,
// tif/tiff, bmp, webp). Atomic: written to a temporary file beside it, then renamed, so a
// failure leaves any previous file intact.
void saveImage(const std::string& path, const cv::Mat& image, const ImageWriteOptions& options = {});

// Checks, before any work is done, that an image can be written to path: a known extension and
// an existing parent folder. Throws Error naming the path otherwise.
void checkOutputImagePath(const std::string& path);

// Writes bytes to path atomically (temporary file in the same folder, then rename).
void writeFileAtomically(const std::string& path, const std::string& bytes);

// Scales so that the long side is `longSide` (no change when it already is). Area
// interpolation when shrinking, bicubic when enlarging. With `minShortSide` > 0 the short side
// is kept at least that long (a 4000x16 strip stays 16 pixels high; the long side then exceeds
// `longSide`), so that very elongated images still give the network something to work on.
cv::Mat resizeLongSide(const cv::Mat& image, int longSide, int minShortSide = 0);

// The smallest side the style transfer works at (VGG19 pools four times before relu5_1).
constexpr int kMinWorkSide = 16;

// The format a file's first bytes announce: "png", "jpeg", "tiff", "bmp", "webp", "pnm", "gif",
// or "" when unknown.
std::string sniffImageFormat(const std::string& header);

}  // namespace instyle
