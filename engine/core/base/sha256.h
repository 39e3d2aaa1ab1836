#pragma once
// SHA-256 (FIPS 180-4), for verifying downloaded model files. engine/core has no crypto library.

#include <array>
#include <cstdint>
#include <string>

namespace instyle {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    // Finishes the hash; the object must not be updated afterwards.
    std::array<uint8_t, 32> digest();
    std::string hexDigest();

private:
    void block(const uint8_t* p);
    std::array<uint32_t, 8> h_;
    std::array<uint8_t, 64> buffer_{};
    size_t buffered_ = 0;
    uint64_t length_ = 0;
};

// Lower-case hex SHA-256 of a file's content. Throws Error(Io) naming the file.
std::string sha256File(const std::string& path);

}  // namespace instyle
