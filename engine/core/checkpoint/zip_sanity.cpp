#include "core/checkpoint/zip_sanity.h"

#include "core/base/error.h"

#include <algorithm>
#include <array>
#include <istream>
#include <set>

namespace instyle {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr uint32_t kZip64End = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint64_t kMaxEntries = 1u << 20;
constexpr uint64_t kMaxCentralDirectory = uint64_t(64) << 20;
constexpr uint64_t kMaxInflated = uint64_t(4) << 30;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw Error(ErrorCategory::Format, source + ": not a sound zip archive: " + what);
}

uint64_t le(const uint8_t* p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::vector<uint8_t> readAt(std::istream& in, uint64_t offset, uint64_t size, uint64_t fileSize,
                            const std::string& source) {
    if (offset > fileSize || size > fileSize - offset) fail(source, "a structure lies beyond the end of the file");
    std::vector<uint8_t> buffer(static_cast<size_t>(size));
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(size));
    if (static_cast<uint64_t>(in.gcount()) != size) fail(source, "read error");
    return buffer;
}

struct CentralDirectory {
    uint64_t entries = 0, size = 0, offset = 0, end = 0;  // end: where the directory must stop
};

CentralDirectory locateCentralDirectory(std::istream& in, uint64_t fileSize, const std::string& source) {
    if (fileSize < 22) fail(source, "too short");
    const uint64_t tailSize = std::min<uint64_t>(fileSize, 22 + 65535);
    const std::vector<uint8_t> tail = readAt(in, fileSize - tailSize, tailSize, fileSize, source);
    int64_t pos = static_cast<int64_t>(tailSize) - 22;
    for (; pos >= 0; --pos) {
        const uint8_t* p = tail.data() + pos;
        if (le(p, 4) == kEndOfCentralDirectory && pos + 22 + le(p + 20, 2) <= tailSize) break;
    }
    if (pos < 0) fail(source, "end of central directory missing (truncated?)");
    const uint8_t* e = tail.data() + pos;
    const uint64_t eocd = fileSize - tailSize + static_cast<uint64_t>(pos);
    CentralDirectory cd;
    cd.entries = le(e + 10, 2);
    cd.size = le(e + 12, 4);
    cd.offset = le(e + 16, 4);
    cd.end = eocd;
    if (le(e + 4, 2) != 0 && le(e + 4, 2) != 0xFFFF) fail(source, "multi-disk archive");
    if (cd.entries == 0xFFFF || cd.size == 0xFFFFFFFF || cd.offset == 0xFFFFFFFF) {
        if (eocd < 20) fail(source, "zip64 locator missing");
        const auto loc = readAt(in, eocd - 20, 20, fileSize, source);
        if (le(loc.data(), 4) != kZip64Locator) fail(source, "zip64 locator missing");
        const uint64_t z64 = le(loc.data() + 8, 8);
        if (z64 > eocd - 20 || eocd - 20 - z64 < 56) fail(source, "zip64 end record out of place");
        const auto rec = readAt(in, z64, 56, fileSize, source);
        if (le(rec.data(), 4) != kZip64End) fail(source, "zip64 end record missing");
        cd.entries = le(rec.data() + 32, 8);
        cd.size = le(rec.data() + 40, 8);
        cd.offset = le(rec.data() + 48, 8);
        cd.end = z64;
    }
    if (cd.offset > cd.end || cd.size > cd.end - cd.offset) fail(source, "central directory lies outside the file");
    if (cd.entries > kMaxEntries || cd.entries * 46 > cd.size) fail(source, "implausible number of records");
    if (cd.size > kMaxCentralDirectory) fail(source, "central directory too large");
    return cd;
}

// Applies the zip64 extra field to the fields that overflowed 32 bits.
void applyZip64Extra(const uint8_t* extra, size_t length, ZipEntry& entry, bool sizeFull, bool compFull,
                     bool offsetFull, const std::string& source) {
    size_t pos = 0;
    while (pos + 4 <= length) {
        const uint64_t id = le(extra + pos, 2), n = le(extra + pos + 2, 2);
        if (pos + 4 + n > length) fail(source, "malformed extra field in '" + entry.name + "'");
        if (id == 1) {
            const uint8_t* p = extra + pos + 4;
            size_t used = 0;
            auto take = [&](uint64_t& field) {
                if (used + 8 > n) fail(source, "malformed zip64 field in '" + entry.name + "'");
                field = le(p + used, 8);
                used += 8;
            };
            if (sizeFull) take(entry.size);
            if (compFull) take(entry.compressedSize);
            if (offsetFull) take(entry.localHeaderOffset);
            return;
        }
        pos += 4 + n;
    }
    if (sizeFull || compFull || offsetFull) fail(source, "zip64 field missing in '" + entry.name + "'");
}

}  // namespace

std::vector<ZipEntry> inspectZipArchive(std::istream& in, uint64_t fileSize, const std::string& source) {
    const CentralDirectory cd = locateCentralDirectory(in, fileSize, source);
    const std::vector<uint8_t> dir = readAt(in, cd.offset, cd.size, fileSize, source);
    std::vector<ZipEntry> entries;
    std::set<std::string> names;
    size_t pos = 0;
    for (uint64_t i = 0; i < cd.entries; ++i) {
        if (pos + 46 > dir.size()) fail(source, "central directory truncated");
        const uint8_t* h = dir.data() + pos;
        if (le(h, 4) != kCentralHeader) fail(source, "central directory record " + std::to_string(i) + " is corrupt");
        const uint64_t flags = le(h + 8, 2), nameLength = le(h + 28, 2), extraLength = le(h + 30, 2),
                       commentLength = le(h + 32, 2);
        if (pos + 46 + nameLength + extraLength + commentLength > dir.size()) fail(source, "central directory truncated");
        ZipEntry e;
        e.method = static_cast<uint16_t>(le(h + 10, 2));
        e.crc32 = static_cast<uint32_t>(le(h + 16, 4));
        e.compressedSize = le(h + 20, 4);
        e.size = le(h + 24, 4);
        e.localHeaderOffset = le(h + 42, 4);
        e.name.assign(reinterpret_cast<const char*>(h + 46), nameLength);
        applyZip64Extra(h + 46 + nameLength, extraLength, e, e.size == 0xFFFFFFFF, e.compressedSize == 0xFFFFFFFF,
                        e.localHeaderOffset == 0xFFFFFFFF, source);
        pos += 46 + nameLength + extraLength + commentLength;

        // Bit 0 and 6: encrypted; bit 5: patch data. miniz refuses to extract all three.
        if (flags & (1 | 0x20 | 0x40)) fail(source, "record '" + e.name + "' is encrypted or patch data");
        // miniz treats an entry as a directory by its name or the DOS directory attribute (0x10 of
        // the external attributes) and then extracts nothing: LibTorch would read the version
        // record as empty (and leak its reader, found by fuzz_checkpoint) or a tensor from
        // uninitialised memory. torch.save never writes directory entries.
        if ((le(h + 38, 4) & 0x10) || (!e.name.empty() && e.name.back() == '/'))
            fail(source, "record '" + e.name + "' is marked as a directory");
        if (e.method != 0 && e.method != 8) fail(source, "record '" + e.name + "' uses compression method " + std::to_string(e.method));
        if (e.method == 0 && e.compressedSize != e.size) fail(source, "record '" + e.name + "' has inconsistent sizes");
        if (e.method == 8 && (e.size > kMaxInflated || e.size / 1032 > e.compressedSize + 1))
            fail(source, "record '" + e.name + "' declares an implausible uncompressed size");
        if (!names.insert(e.name).second) fail(source, "record '" + e.name + "' appears twice");
        if (e.localHeaderOffset > cd.offset || cd.offset - e.localHeaderOffset < 30)
            fail(source, "record '" + e.name + "' lies outside the archive");
        const auto local = readAt(in, e.localHeaderOffset, 30, fileSize, source);
        if (le(local.data(), 4) != kLocalHeader) fail(source, "record '" + e.name + "' has no local header (missing record?)");
        e.dataOffset = e.localHeaderOffset + 30 + le(local.data() + 26, 2) + le(local.data() + 28, 2);
        if (e.dataOffset > cd.offset || e.compressedSize > cd.offset - e.dataOffset)
            fail(source, "record '" + e.name + "' extends beyond the archive (truncated?)");
        if (le(local.data() + 26, 2) != nameLength ||
            readAt(in, e.localHeaderOffset + 30, nameLength, fileSize, source) !=
                std::vector<uint8_t>(e.name.begin(), e.name.end()))
            fail(source, "record '" + e.name + "' has a mismatched local header");
        entries.push_back(std::move(e));
    }
    std::vector<const ZipEntry*> byOffset;
    for (const auto& e : entries) byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const ZipEntry* a, const ZipEntry* b) { return a->localHeaderOffset < b->localHeaderOffset; });
    for (size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i - 1]->dataOffset + byOffset[i - 1]->compressedSize > byOffset[i]->localHeaderOffset)
            fail(source, "records '" + byOffset[i - 1]->name + "' and '" + byOffset[i]->name + "' overlap");
    return entries;
}

uint32_t crc32(const void* data, size_t size, uint32_t crc) {
    static const auto tables = [] {
        std::array<std::array<uint32_t, 256>, 8> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (uint32_t i = 0; i < 256; ++i)
            for (int k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
        return t;
    }();
    const auto* p = static_cast<const uint8_t*>(data);
    crc = ~crc;
    while (size >= 8) {
        const uint32_t a = crc ^ (uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24);
        crc = tables[7][a & 0xFF] ^ tables[6][(a >> 8) & 0xFF] ^ tables[5][(a >> 16) & 0xFF] ^ tables[4][a >> 24] ^
              tables[3][p[4]] ^ tables[2][p[5]] ^ tables[1][p[6]] ^ tables[0][p[7]];
        p += 8;
        size -= 8;
    }
    while (size--) crc = tables[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

}  // namespace instyle
