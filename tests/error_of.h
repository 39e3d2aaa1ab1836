#pragma once
// errorOf(f): what f() throws as an instyle::Error, for tests that check messages.

#include "core/base/error.h"

#include <QString>

namespace instyle::test {

// The message of the instyle::Error f() throws, or an empty string when it returns. Any other
// exception passes through (and fails the test).
template <typename F>
QString errorOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace instyle::test
