#include "core/error.h"

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

}  // namespace instyle
