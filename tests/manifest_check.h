#pragma once
// A module's state dict against one of ../shared/models/*.manifest.tsv (the official files'
// "key<TAB>shape<TAB>dtype" lists, a header line first): key for key, in order.

#include "core/checkpoint/state_dict.h"

#include <QList>
#include <QString>

namespace instyle::test {

struct ManifestRow {
    QString key, shape, dtype;  // "layer1.0.conv1.weight", "64x64x3x3", "float32"
};

// ../shared/models/<name>'s rows; empty when the file is absent (the tests then QSKIP).
QList<ManifestRow> readManifest(const QString& name);

// The first difference ("row 12: key a.b.weight, manifest a.c.weight"; "440 tensors, manifest
// 439"), or an empty string when the state dict equals the manifest key for key.
QString manifestDifference(const StateDict& ours, const QList<ManifestRow>& rows);

}  // namespace instyle::test
