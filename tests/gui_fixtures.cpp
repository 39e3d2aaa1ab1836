#include "gui_fixtures.h"

#include "core/checkpoint_reader.h"
#include "core/midas_small.h"
#include "core/segmenter.h"
#include "core/state_dict.h"

#include <torch/torch.h>

namespace instyle::test {

void writeRandomMidasCheckpoint(const std::string& path, unsigned seed) {
    MidasSmall midas(seed);
    writeCheckpoint(path, moduleStateDict(*midas));
}

void writeRandomFcn8sCheckpoint(const std::string& path) {
    torch::manual_seed(3);
    auto model = createSegmentationModel("fcn8s_resnet34");
    writeCheckpoint(path, moduleStateDict(*model));
}

}  // namespace instyle::test
