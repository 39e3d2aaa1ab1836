#pragma once
// Validates a zip archive's structure before LibTorch's PyTorchStreamReader (miniz) sees it:
// that reader trusts the central directory, so a hostile file could make it allocate or read
// far beyond the file. Every record must lie inside the file, not overlap another, be stored or
// deflated with a plausible size, be unencrypted and not be marked as a directory.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace instyle {

struct ZipEntry {
    std::string name;
    uint16_t method = 0;  // 0 stored, 8 deflated
    uint64_t compressedSize = 0;
    uint64_t size = 0;
    uint64_t localHeaderOffset = 0;
    uint64_t dataOffset = 0;
    uint32_t crc32 = 0;
};

// Throws Error(Format, "<sourceName>: ...") on anything unsound. Returns the entries in
// central-directory order.
std::vector<ZipEntry> inspectZipArchive(std::istream& in, uint64_t fileSize, const std::string& sourceName);

// The CRC-32 of zip (and PNG, gzip), continued from `crc` (0 to start).
uint32_t crc32(const void* data, size_t size, uint32_t crc = 0);

}  // namespace instyle
