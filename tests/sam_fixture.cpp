#include "sam_fixture.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/sam/mobile_sam.h"
#include "core/checkpoint/state_dict.h"

#include <QtGlobal>

namespace instyle::test {

bool writeMobileSamFixture(const QString& path, unsigned seed) {
    try {
        writeCheckpoint(path.toStdString(), moduleStateDict(MobileSam(seed)));
        return true;
    } catch (const std::exception& e) {
        qWarning("%s", e.what());
        return false;
    }
}

}  // namespace instyle::test
