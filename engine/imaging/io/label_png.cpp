#include "imaging/io/label_png.h"

#include "core/base/error.h"
#include "core/segmentation/voc_classes.h"
#include "imaging/io/image_io.h"

#include <opencv2/core.hpp>
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <unordered_map>
#include <vector>

namespace instyle {

namespace {

struct ReadSource {
    const std::string* bytes;
    size_t offset;
};

void readFromString(png_structp png, png_bytep out, png_size_t length) {
    auto* src = static_cast<ReadSource*>(png_get_io_ptr(png));
    if (src->offset + length > src->bytes->size()) png_error(png, "truncated file");
    std::memcpy(out, src->bytes->data() + src->offset, length);
    src->offset += length;
}

void appendToString(png_structp png, png_bytep data, png_size_t length) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

void flushNothing(png_structp) {}

void errorHandler(png_structp png, png_const_charp message) {
    auto* what = static_cast<std::string*>(png_get_error_ptr(png));
    if (what) *what = message;
    png_longjmp(png, 1);
}

void warningHandler(png_structp, png_const_charp) {}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCategory::Io, path + ": cannot open");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

cv::Mat colorsToIndices(const cv::Mat& rgb, int channels, const std::string& path) {
    std::unordered_map<uint32_t, uint8_t> lookup;
    const auto& palette = vocPalette();
    for (int i = 0; i < 256; ++i)
        lookup.emplace((uint32_t(palette[i][0]) << 16) | (uint32_t(palette[i][1]) << 8) | palette[i][2], uint8_t(i));
    cv::Mat out(rgb.rows, rgb.cols, CV_8UC1);
    for (int y = 0; y < rgb.rows; ++y) {
        const uint8_t* p = rgb.ptr<uint8_t>(y);
        for (int x = 0; x < rgb.cols; ++x, p += channels) {
            auto it = lookup.find((uint32_t(p[0]) << 16) | (uint32_t(p[1]) << 8) | p[2]);
            if (it == lookup.end())
                throw Error(ErrorCategory::Format, path + ": pixel (" + std::to_string(x) + ", " + std::to_string(y) +
                                                       ") has colour (" + std::to_string(p[0]) + ", " +
                                                       std::to_string(p[1]) + ", " + std::to_string(p[2]) +
                                                       "), which is not in the VOC palette");
            out.at<uint8_t>(y, x) = it->second;
        }
    }
    return out;
}

}  // namespace

cv::Mat readLabelPng(const std::string& path) {
    const std::string bytes = readFile(path);
    if (bytes.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) != 0)
        throw Error(ErrorCategory::Format, path + ": not a PNG file (label maps must be PNG)");
    std::string what;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &what, errorHandler, warningHandler);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, nullptr);
        throw Error(ErrorCategory::Resource, path + ": out of memory");
    }
    ReadSource source{&bytes, 0};
    cv::Mat raw;
    std::vector<png_bytep> rows;  // declared before setjmp: longjmp must not skip destructors
    int channels = 1;
    png_byte colorType = 0;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        throw Error(ErrorCategory::Format, path + ": " + (what.empty() ? "corrupt PNG" : what));
    }
    png_set_read_fn(png, &source, readFromString);
    png_read_info(png, info);
    const png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if (uint64_t(width) * height > 200'000'000ull) png_error(png, "image too large");
    colorType = png_get_color_type(png, info);
    const int depth = png_get_bit_depth(png, info);
    if (depth == 16) png_set_strip_16(png);
    if (depth < 8) png_set_packing(png);  // palette/grey indices stay indices, one per byte
    if (colorType == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    channels = png_get_channels(png, info);
    raw.create(static_cast<int>(height), static_cast<int>(width), CV_8UC(channels));
    rows.resize(height);
    for (png_uint_32 y = 0; y < height; ++y) rows[y] = raw.ptr<png_byte>(static_cast<int>(y));
    png_read_image(png, rows.data());
    png_read_end(png, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);

    if (colorType == PNG_COLOR_TYPE_PALETTE || colorType == PNG_COLOR_TYPE_GRAY ||
        colorType == PNG_COLOR_TYPE_GRAY_ALPHA) {
        if (channels == 1) return raw;
        cv::Mat first;
        cv::extractChannel(raw, first, 0);
        return first;
    }
    return colorsToIndices(raw, channels, path);
}

void writeLabelPng(const std::string& path, const cv::Mat& labels) {
    if (labels.empty() || labels.type() != CV_8UC1)
        throw Error(ErrorCategory::InvalidArgument, path + ": a label map must be a non-empty 8-bit single-channel image");
    std::string what, bytes;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &what, errorHandler, warningHandler);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        throw Error(ErrorCategory::Resource, path + ": out of memory");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        throw Error(ErrorCategory::Io, path + ": cannot encode PNG: " + what);
    }
    png_set_write_fn(png, &bytes, appendToString, flushNothing);
    png_set_IHDR(png, info, static_cast<png_uint_32>(labels.cols), static_cast<png_uint_32>(labels.rows), 8,
                 PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_color colors[256];
    const auto& palette = vocPalette();
    for (int i = 0; i < 256; ++i) colors[i] = {palette[i][0], palette[i][1], palette[i][2]};
    png_set_PLTE(png, info, colors, 256);
    png_write_info(png, info);
    for (int y = 0; y < labels.rows; ++y) png_write_row(png, labels.ptr<png_byte>(y));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    writeFileAtomically(path, bytes);
}

}  // namespace instyle
