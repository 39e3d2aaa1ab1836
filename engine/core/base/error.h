#pragma once
// Room base/ (the lowest): the one error type, JSON text, SHA-256, the process's threads and
// device, the per-user cache folder, and the small value types the rooms above share
// (compute_choices.h, number_text.h, shape_string.h). Its headers include only the standard
// library and LibTorch's c10, so that the widgets can include them cheaply; it includes no other
// room.
//
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

// The text up to its first newline (a library message's reason, without what follows).
std::string firstLine(const std::string& text);

// True for an allocation failure: std::bad_alloc, or LibTorch's CPU/CUDA allocator errors
// (c10::Error "DefaultCPUAllocator: can't allocate memory", "CUDA out of memory").
bool isOutOfMemory(const std::exception& e);

// The one line shown for an exception caught at a job boundary (CLI command, GUI worker job):
// an out-of-memory becomes "out of memory …; <hint>" (e.g. "try a smaller --size"); a
// c10::Error loses its C++ backtrace; any message is cut at its first line.
std::string describeFailure(const std::exception& e, const std::string& outOfMemoryHint);

}  // namespace instyle
