#include "imaging/io/image_io.h"

#include "core/base/error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sys/stat.h>

namespace instyle {

namespace {

Error ioError(const std::string& path, const std::string& what) {
    return Error(ErrorCategory::Io, path + ": " + what);
}

std::string readAll(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw ioError(path, std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw ioError(path, "is a directory, not an image file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ioError(path, std::string("cannot open: ") + std::strerror(errno));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw ioError(path, "read error");
    return bytes;
}

std::string lowerExtension(const std::string& path) {
    auto slash = path.find_last_of('/');
    auto dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

}  // namespace

std::string sniffImageFormat(const std::string& h) {
    auto starts = [&](const char* magic, size_t n) { return h.size() >= n && std::memcmp(h.data(), magic, n) == 0; };
    if (starts("\x89PNG\r\n\x1a\n", 8)) return "png";
    if (starts("\xff\xd8\xff", 3)) return "jpeg";
    if (starts("II*\0", 4) || starts("MM\0*", 4)) return "tiff";
    if (starts("BM", 2)) return "bmp";
    if (h.size() >= 12 && starts("RIFF", 4) && std::memcmp(h.data() + 8, "WEBP", 4) == 0) return "webp";
    // As OpenCV's PxM/PAM decoders: a blank must follow (otherwise no decoder of OpenCV's takes
    // it for PNM and the bytes could reach another one).
    if (h.size() >= 3 && h[0] == 'P' && h[1] >= '1' && h[1] <= '7' && std::isspace(uint8_t(h[2]))) return "pnm";
    if (starts("GIF8", 4)) return "gif";
    return {};
}

namespace {

uint32_t be32(const std::string& b, size_t at) {
    return (uint32_t(uint8_t(b[at])) << 24) | (uint32_t(uint8_t(b[at + 1])) << 16) | (uint32_t(uint8_t(b[at + 2])) << 8) |
           uint32_t(uint8_t(b[at + 3]));
}
uint32_t le32(const std::string& b, size_t at) {
    return uint32_t(uint8_t(b[at])) | (uint32_t(uint8_t(b[at + 1])) << 8) | (uint32_t(uint8_t(b[at + 2])) << 16) |
           (uint32_t(uint8_t(b[at + 3])) << 24);
}
uint32_t be16(const std::string& b, size_t at) { return (uint32_t(uint8_t(b[at])) << 8) | uint8_t(b[at + 1]); }
uint32_t le16(const std::string& b, size_t at) { return uint32_t(uint8_t(b[at])) | (uint32_t(uint8_t(b[at + 1])) << 8); }

cv::Size jpegSize(const std::string& b) {
    size_t i = 2;
    while (i + 9 < b.size()) {
        if (uint8_t(b[i]) != 0xFF) return {-1, -1};
        const uint8_t marker = uint8_t(b[i + 1]);
        if (marker == 0xFF) { ++i; continue; }
        const uint32_t length = be16(b, i + 2);
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) return {int(be16(b, i + 7)), int(be16(b, i + 5))};
        if (length < 2) return {-1, -1};
        i += 2 + length;
    }
    return {-1, -1};
}

// A size read from a header: {-1, -1} when either side is missing (< 0), sides capped to int.
cv::Size headerSize(int64_t width, int64_t height) {
    if (width < 0 || height < 0) return {-1, -1};
    return {int(std::min<int64_t>(width, 0x7fffffff)), int(std::min<int64_t>(height, 0x7fffffff))};
}

// TIFF: ImageWidth (256) and ImageLength (257) of the first IFD, in the file's byte order.
cv::Size tiffSize(const std::string& b) {
    if (b.size() < 8) return {-1, -1};
    const bool le = b[0] == 'I';
    const auto u16 = [&](size_t at) { return le ? le16(b, at) : be16(b, at); };
    const auto u32 = [&](size_t at) { return le ? le32(b, at) : be32(b, at); };
    const size_t ifd = u32(4);
    if (ifd < 8 || ifd > b.size() - 2) return {-1, -1};
    const size_t count = u16(ifd);
    int64_t width = -1, height = -1;
    for (size_t i = 0; i < count && ifd + 2 + 12 * (i + 1) <= b.size(); ++i) {
        const size_t e = ifd + 2 + 12 * i;
        const uint32_t tag = u16(e), type = u16(e + 2);
        if (tag != 256 && tag != 257) continue;
        const int64_t value = type == 3 ? int64_t(u16(e + 8)) : type == 4 ? int64_t(u32(e + 8)) : -1;
        (tag == 256 ? width : height) = value;
    }
    return headerSize(width, height);
}

// PNM (P1-P6: magic, then width and height as decimal text between blanks and # comments;
// P7/PAM: WIDTH and HEIGHT header lines).
cv::Size pnmSize(const std::string& b) {
    size_t at = 2;
    const auto number = [&]() -> int64_t {
        for (;;) {
            while (at < b.size() && std::isspace(uint8_t(b[at]))) ++at;
            if (at < b.size() && b[at] == '#') {
                while (at < b.size() && b[at] != '\n' && b[at] != '\r') ++at;
                continue;
            }
            break;
        }
        int64_t n = -1;
        while (at < b.size() && std::isdigit(uint8_t(b[at])) && n < 0x7fffffff) n = (n < 0 ? 0 : n * 10) + (b[at++] - '0');
        // OpenCV's reader consumes the one byte after a number, whatever it is ("30000]" reads
        // as 30000, found by fuzz_image): do the same so that both read the same size.
        if (n >= 0 && at < b.size()) ++at;
        return n;
    };
    if (b.size() >= 2 && b[1] == '7') {
        int64_t width = -1, height = -1;
        const size_t end = std::min(b.find("ENDHDR"), b.size());
        for (const char* key : {"WIDTH", "HEIGHT"}) {
            const size_t k = b.find(key);
            if (k == std::string::npos || k >= end) continue;
            at = k + std::strlen(key);
            (key[0] == 'W' ? width : height) = number();
        }
        return headerSize(width, height);
    }
    const int64_t width = number();
    const int64_t height = number();
    return headerSize(width, height);
}

// A PNG ends with its IEND chunk, a JPEG with the EOI marker (either possibly followed by a
// little padding).
bool looksComplete(const std::string& b, const std::string& format) {
    if (format == "png") {
        // Walk the chunks up to IEND: a chunk that claims more bytes than the file has (libpng
        // would allocate its declared length, up to 2 GiB, before finding out) means damaged.
        size_t at = 8;
        while (at + 12 <= b.size()) {
            const uint32_t length = be32(b, at);
            if (length > 0x7fffffffu || length > b.size() - at - 12) return false;
            if (b.compare(at + 4, 4, "IEND") == 0) return true;
            at += 12 + size_t(length);
        }
        return false;
    }
    if (format == "jpeg") {
        const size_t from = b.size() > 4096 ? b.size() - 4096 : 0;
        for (size_t i = b.size() - 1; i > from; --i)
            if (uint8_t(b[i - 1]) == 0xFF && uint8_t(b[i]) == 0xD9) return true;
        return false;
    }
    return true;
}

// Any depth/channel layout OpenCV returns → CV_8UC3 RGB (+ CV_8UC1 alpha when present).
void toRgb8(const cv::Mat& decoded, DecodedImage& out) {
    if (decoded.depth() == CV_16U) {
        switch (decoded.channels()) {
        case 1: cv::cvtColor(decoded, out.rgb16, cv::COLOR_GRAY2RGB); break;
        case 2: {
            std::vector<cv::Mat> planes;
            cv::split(decoded, planes);
            cv::cvtColor(planes[0], out.rgb16, cv::COLOR_GRAY2RGB);
            out.alpha = planes[1];
            break;
        }
        case 3: cv::cvtColor(decoded, out.rgb16, cv::COLOR_BGR2RGB); break;
        case 4:
            cv::cvtColor(decoded, out.rgb16, cv::COLOR_BGRA2RGB);
            cv::extractChannel(decoded, out.alpha, 3);
            break;
        default: break;
        }
        if (!out.rgb16.empty()) {
            out.rgb16.convertTo(out.rgb, CV_8U, 1.0 / 257.0);
            out.bitDepth = 16;
            return;
        }
    }
    cv::Mat m8;
    switch (decoded.depth()) {
    case CV_8U: m8 = decoded; break;
    case CV_16U: decoded.convertTo(m8, CV_8U, 1.0 / 257.0); out.bitDepth = 16; break;
    case CV_32F: decoded.convertTo(m8, CV_8U, 255.0); out.bitDepth = 32; break;
    default: decoded.convertTo(m8, CV_8U); break;
    }
    switch (m8.channels()) {
    case 1: cv::cvtColor(m8, out.rgb, cv::COLOR_GRAY2RGB); break;
    case 2: {  // grey + alpha
        std::vector<cv::Mat> planes;
        cv::split(m8, planes);
        cv::cvtColor(planes[0], out.rgb, cv::COLOR_GRAY2RGB);
        out.alpha = planes[1];
        break;
    }
    case 3: cv::cvtColor(m8, out.rgb, cv::COLOR_BGR2RGB); break;
    case 4:
        cv::cvtColor(m8, out.rgb, cv::COLOR_BGRA2RGB);
        cv::extractChannel(m8, out.alpha, 3);
        break;
    default: throw Error(ErrorCategory::Format, "unsupported channel count " + std::to_string(m8.channels()));
    }
}

}  // namespace

cv::Size declaredImageSize(const std::string& b, const std::string& format) {
    if (format == "png" && b.size() >= 24 && b.compare(12, 4, "IHDR") == 0) return {int(be32(b, 16) & 0x7fffffff), int(be32(b, 20) & 0x7fffffff)};
    if (format == "jpeg") return jpegSize(b);
    if (format == "tiff") return tiffSize(b);
    if (format == "pnm") return pnmSize(b);
    if (format == "bmp" && b.size() >= 26) {
        const int w = int(le32(b, 18)), h = int(le32(b, 22));
        return {std::abs(w), std::abs(h)};
    }
    if (format == "webp" && b.size() >= 30) {
        const std::string chunk = b.substr(12, 4);
        if (chunk == "VP8X") return {int((le32(b, 24) & 0xffffff) + 1), int((le32(b, 27) & 0xffffff) + 1)};
        if (chunk == "VP8 ") return {int(le16(b, 26) & 0x3fff), int(le16(b, 28) & 0x3fff)};
        if (chunk == "VP8L" && b.size() >= 25) {
            const uint32_t bits = le32(b, 21);
            return {int((bits & 0x3fff) + 1), int(((bits >> 14) & 0x3fff) + 1)};
        }
    }
    return {-1, -1};
}

int64_t defaultMaxPixels() {
    const char* env = std::getenv("INSTYLE_MAX_PIXELS");
    if (!env || !*env) return kBuiltInMaxPixels;
    errno = 0;
    char* end = nullptr;
    const long long n = std::strtoll(env, &end, 10);
    if (*end != '\0' || errno == ERANGE || n <= 0)
        throw Error(ErrorCategory::InvalidArgument,
                    std::string("INSTYLE_MAX_PIXELS must be a positive number of pixels (got '") + env + "')");
    return n;
}

DecodedImage loadImage(const std::string& path, const ImageReadOptions& options) {
    const std::string bytes = readAll(path);
    if (bytes.empty()) throw Error(ErrorCategory::Format, path + ": empty file (0 bytes)");
    DecodedImage out;
    out.format = sniffImageFormat(bytes.substr(0, 16));
    if (out.format == "gif") throw Error(ErrorCategory::Format, path + ": unsupported format (GIF); convert it to PNG");
    if (out.format.empty()) throw Error(ErrorCategory::Format, path + ": not an image file this program can read");
    const auto tooLarge = [&](const cv::Size& s) {
        return Error(ErrorCategory::Format, path + ": image too large (" + std::to_string(s.width) + "x" +
                                                std::to_string(s.height) + " pixels; the limit is " +
                                                std::to_string(options.maxPixels) + " pixels; raise it with INSTYLE_MAX_PIXELS)");
    };
    const cv::Size declared = declaredImageSize(bytes, out.format);
    // PNM and TIFF decoders allocate from the header: a size this reader cannot find is refused.
    if ((out.format == "pnm" || out.format == "tiff") && declared.width < 0)
        throw Error(ErrorCategory::Format, path + ": damaged " + out.format + " header (no image size found)");
    if (declared.width > 0 && int64_t(declared.width) * declared.height > options.maxPixels) throw tooLarge(declared);
    if (!looksComplete(bytes, out.format))
        throw Error(ErrorCategory::Format, path + ": truncated " + out.format + " file (the end of the image data is missing)");

    // cv::imdecode picks its decoder from the content again: a WebP its decoder refuses falls
    // through to OpenCV's DICOM reader (GDCM) when "DICM" is at offset 128, and GDCM aborts the
    // process (assert) on damaged data.
    if (bytes.size() >= 132 && bytes.compare(128, 4, "DICM") == 0)
        throw Error(ErrorCategory::Format, path + ": not an image file this program can read (DICOM data)");

    cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    cv::Mat decoded;
    try {
        // JPEG: IMREAD_COLOR applies the EXIF orientation and converts CMYK/grey. Others:
        // IMREAD_UNCHANGED keeps alpha and 16-bit data, converted below.
        decoded = cv::imdecode(raw, out.format == "jpeg" ? cv::IMREAD_COLOR : cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw Error(ErrorCategory::Format, path + ": cannot decode " + out.format + " image (" + e.err + ")");
    }
    if (decoded.empty()) throw Error(ErrorCategory::Format, path + ": cannot decode " + out.format + " image (damaged or truncated)");
    if (static_cast<int64_t>(decoded.total()) > options.maxPixels) throw tooLarge(decoded.size());
    if (decoded.cols < options.minSide || decoded.rows < options.minSide)
        throw Error(ErrorCategory::Format, path + ": image too small (" + std::to_string(decoded.cols) + "x" +
                                               std::to_string(decoded.rows) + "; at least " +
                                               std::to_string(options.minSide) + " pixels a side)");
    try {
        toRgb8(decoded, out);
    } catch (const Error& e) {
        throw Error(ErrorCategory::Format, path + ": " + e.what());
    }
    return out;
}

cv::Mat loadImageRgb(const std::string& path, const ImageReadOptions& options) { return loadImage(path, options).rgb; }

void writeFileAtomically(const std::string& path, const std::string& bytes) {
    std::random_device rd;
    const std::string tmp = path + ".tmp-" + std::to_string(rd());
    {
        std::FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f) throw ioError(path, std::string("cannot write: ") + std::strerror(errno));
        const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() && std::fflush(f) == 0;
        const int err = errno;
        if (std::fclose(f) != 0 || !ok) {
            std::remove(tmp.c_str());
            throw ioError(path, std::string("write failed: ") + std::strerror(ok ? errno : err));
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw ioError(path, std::string("cannot replace: ") + std::strerror(err));
    }
}

void checkOutputImagePath(const std::string& path) {
    const std::string ext = lowerExtension(path);
    static const char* known[] = {"png", "jpg", "jpeg", "tif", "tiff", "bmp", "webp"};
    if (std::find(std::begin(known), std::end(known), ext) == std::end(known))
        throw Error(ErrorCategory::InvalidArgument,
                    path + ": unknown output format '" + ext + "' (use .png, .jpg, .tif, .bmp or .webp)");
    const auto slash = path.find_last_of('/');
    const std::string parent = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    struct stat st {};
    if (::stat(parent.c_str(), &st) != 0) throw ioError(path, "cannot write: folder " + parent + " does not exist");
    if (!S_ISDIR(st.st_mode)) throw ioError(path, "cannot write: " + parent + " is not a folder");
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw ioError(path, "is a directory");
}

void saveImage(const std::string& path, const cv::Mat& image, const ImageWriteOptions& options) {
    checkOutputImagePath(path);
    const std::string ext = lowerExtension(path);
    const bool keeps16 = ext == "png" || ext == "tif" || ext == "tiff";
    cv::Mat source = image;
    if (image.depth() == CV_16U && !keeps16) image.convertTo(source, CV_8U, 1.0 / 257.0);
    else if (image.depth() != CV_8U && image.depth() != CV_16U)
        throw Error(ErrorCategory::InvalidArgument, path + ": only 8- and 16-bit images can be written");
    cv::Mat bgr;
    if (source.channels() == 3) cv::cvtColor(source, bgr, cv::COLOR_RGB2BGR);
    else if (source.channels() == 4 && (ext == "jpg" || ext == "jpeg" || ext == "bmp")) cv::cvtColor(source, bgr, cv::COLOR_RGBA2BGR);
    else if (source.channels() == 4) cv::cvtColor(source, bgr, cv::COLOR_RGBA2BGRA);
    else bgr = source;
    std::vector<int> params;
    if (ext == "jpg" || ext == "jpeg") params = {cv::IMWRITE_JPEG_QUALITY, options.jpegQuality};
    std::vector<uchar> buffer;
    bool ok = false;
    try {
        ok = cv::imencode("." + ext, bgr, buffer, params);
    } catch (const cv::Exception& e) {
        throw Error(ErrorCategory::Io, path + ": cannot encode image (" + e.err + ")");
    }
    if (!ok) throw Error(ErrorCategory::Io, path + ": cannot encode image");
    writeFileAtomically(path, std::string(buffer.begin(), buffer.end()));
}

cv::Mat resizeLongSide(const cv::Mat& image, int longSide, int minShortSide) {
    if (longSide <= 0) throw Error(ErrorCategory::InvalidArgument, "size must be > 0");
    if (image.empty()) throw Error(ErrorCategory::InvalidArgument, "cannot resize an empty image");
    const int current = std::max(image.cols, image.rows);
    const int shortSide = std::min(image.cols, image.rows);
    double scale = static_cast<double>(longSide) / current;
    if (minShortSide > 0 && shortSide * scale < minShortSide) scale = static_cast<double>(minShortSide) / shortSide;
    if (scale == 1.0) return image.clone();
    const int w = std::max(1, static_cast<int>(std::lround(image.cols * scale)));
    const int h = std::max(1, static_cast<int>(std::lround(image.rows * scale)));
    cv::Mat out;
    cv::resize(image, out, cv::Size(w, h), 0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

}  // namespace instyle
