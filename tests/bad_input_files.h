#pragma once
// Generators of the bad and unusual inputs tst_badinput feeds the engine and instyle-cli, and the
// helpers that run the CLI on them.

#include "test_support.h"

#include <opencv2/core/mat.hpp>

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <vector>

namespace instyle::test {

void writeBytes(const QString& path, const QByteArray& bytes);
QByteArray readBytes(const QString& path);

// A deterministic image of any OpenCV type (8/16 bits, 1-4 channels), every sample >= 40 (so it
// is also a mask that covers everything).
cv::Mat ramp(int w, int h, int type);

// Writes the input `kind` to `path` ("empty", "text", "gif", "directory", "missing",
// "truncated png 60", "huge header", "rgb WxH", "grey", "grey 16", "rgba", "rgba 16", "png 16",
// "tiff 16", "grey+alpha", "palette", "exif rotated", "cmyk jpeg", "unreadable"); sets `skip` to a
// reason to skip the row when the input cannot be made here. Fails the test for an unknown kind.
void writeBadInput(const QString& kind, const QString& path, QString& skip);

// stderr without the lines that are not about the input (the random-VGG-weights warning).
QStringList errorLines(const QByteArray& err);

// Runs instyle-cli once per argument list, all at once; results in the same order.
std::vector<ProcessResult> runCliConcurrently(const QList<QStringList>& argumentLists,
                                              const QProcessEnvironment& environment);

}  // namespace instyle::test
