#include "core/base/error.h"

#include "core/base/byte_size.h"

#include <c10/util/Exception.h>

#include <new>

namespace instyle {

const char* categoryName(ErrorCategory category) {
    switch (category) {
    case ErrorCategory::InvalidArgument: return "invalid argument";
    case ErrorCategory::Io: return "I/O error";
    case ErrorCategory::Format: return "format error";
    case ErrorCategory::Model: return "model error";
    case ErrorCategory::Numeric: return "numeric error";
    case ErrorCategory::Resource: return "resource error";
    case ErrorCategory::Cancelled: return "cancelled";
    }
    return "error";
}

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

namespace {

std::string messageOf(const std::exception& e) {
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) return firstLine(c10->what_without_backtrace());
    return firstLine(e.what());
}

}  // namespace

bool isOutOfMemory(const std::exception& e) {
    if (dynamic_cast<const std::bad_alloc*>(&e)) return true;
    if (!dynamic_cast<const c10::Error*>(&e)) return false;
    const std::string m = messageOf(e);
    return m.find("out of memory") != std::string::npos || m.find("can't allocate memory") != std::string::npos ||
           m.find("Out of memory") != std::string::npos;
}

std::string describeFailure(const std::exception& e, const std::string& outOfMemoryHint) {
    if (!isOutOfMemory(e)) return messageOf(e);
    std::string what = "out of memory";
    if (!dynamic_cast<const std::bad_alloc*>(&e)) {
        const std::string m = messageOf(e);
        what += m.find("CUDA") != std::string::npos ? " on the GPU" : " in main memory";
        // "…: you tried to allocate 2863661056 bytes." → the size, as every size is shown.
        const auto at = m.find("allocate ");
        if (at != std::string::npos) {
            try {
                const double bytes = std::stod(m.substr(at + 9));
                if (bytes > 0) what += " (" + humanSize(uint64_t(bytes)) + " requested)";
            } catch (const std::exception&) {
            }
        }
    }
    return outOfMemoryHint.empty() ? what : what + "; " + outOfMemoryHint;
}

}  // namespace instyle
