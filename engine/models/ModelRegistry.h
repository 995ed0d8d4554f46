#pragma once
// Every architecture of the workbench by name: build one with options, list them, count their
// parameters the way the paper does.

#include "engine/models/ModelBase.h"
#include "engine/models/ParameterCount.h"

#include <memory>
#include <string>
#include <vector>

namespace timbrescope::models {

struct Architecture {
    std::string name;         // registry name, e.g. "crnn3"
    std::string description;  // one line
    double paperParameters;   // the paper's count (Keras total), 0 where it gives none
    std::string paperSource;  // where the paper gives it, e.g. "Table 3"
    bool usesCqt;             // the CQT baseline family
};

const std::vector<Architecture>& architectures();
std::vector<std::string> architectureNames();

// Throws Error("--arch", ...) for an unknown name (listing the valid ones) and Error naming the
// option for an unknown or malformed option.
std::shared_ptr<ModelBase> buildModel(const std::string& name, const ModelOptions& options = {});

ParameterCount countParameters(const torch::nn::Module& model);

// "81.8K", "1.07M": the paper's way of writing counts.
std::string shortCount(double count);

} // namespace timbrescope::models
