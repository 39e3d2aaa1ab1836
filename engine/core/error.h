#pragma once
// The one error type of the engine. Messages name the file, key or shape involved so that the
// UI/CLI edge can show them as a single line without further context.

#include <stdexcept>
#include <string>

namespace instyle {

enum class ErrorCategory {
    InvalidArgument,  // a parameter out of range, an unknown option value
    Io,               // a file could not be read or written
    Format,           // a file's content is not what it claims to be (image, checkpoint)
    Model,            // a model file does not fit the architecture (keys, shapes)
    Numeric,          // NaN/Inf in a loss or the image
    Resource,         // out of memory, device unavailable
    Cancelled,
};

class Error : public std::runtime_error {
public:
    Error(ErrorCategory category, const std::string& message)
        : std::runtime_error(message), category_(category) {}
    ErrorCategory category() const noexcept { return category_; }

private:
    ErrorCategory category_;
};

const char* categoryName(ErrorCategory category);

}  // namespace instyle
