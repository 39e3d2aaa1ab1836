#pragma once
// A random-weight MobileSAM file in the official mobile_sam.pt layout (a bare OrderedDict of the
// 439 official keys, zip format, written by instyle's checkpoint writer, which python3-torch's
// torch.load reads: tst_checkpointreader) for the CLI and window tests.

#include <QString>

namespace instyle::test {

// Writes the fixture to `path`; false (and a qWarning) when it cannot.
bool writeMobileSamFixture(const QString& path, unsigned seed = 7);

}  // namespace instyle::test
