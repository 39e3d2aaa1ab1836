#pragma once
// Shared by segment, stylize, eval-seg and train-seg: building a segmentation network from --arch
// and a weights file, and MobileSAM (the prompt segmenter) from its file and the CLI's prompts.

#include "core/sam/sam_predictor.h"
#include "core/segmentation/segmenter.h"

#include <c10/core/Device.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace instyle::cli {

// The network of `arch` with the weights of `path` (an official torchvision FCN file or a
// train-seg checkpoint). Throws instyle::Error naming the file.
std::shared_ptr<SegmentationModel> loadSegmentationModel(const std::string& path, const std::string& arch);

// Throws UsageError unless `arch` is a known segmentation architecture id (checked before any file
// is read); a prompt segmenter (mobile_sam) is refused with a message saying what takes it.
void requireKnownArch(const std::string& arch);

// "fcn8s_resnet34, fcn_resnet50, fcn_resnet101" for help texts.
std::string segmentationArchList();

// The weights of `arch`: `given` (--segmenter FILE), else the registry's file for it found in the
// models folders (--models-dir, $INSTYLE_MODELS_DIR, ...). UsageError saying how to get it when
// there is none.
std::string segmenterFile(const std::optional<std::string>& given, const std::string& arch, const std::string& modelsDir);

// The prompt of --point (repeatable, X,Y[:1|0]) and --box (at most one, X0,Y0,X1,Y1) values, parsed
// (parseSamPoint/parseSamBox: one-line errors quoting the value). `who` prefixes the
// messages ("instance 2: ") where there are several prompts.
SamPrompt samPromptFrom(const std::vector<std::string>& points, const std::vector<std::string>& boxes,
                        const std::string& who = {});

}  // namespace instyle::cli
