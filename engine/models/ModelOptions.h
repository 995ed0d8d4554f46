#pragma once
// Free-form model options, e.g. {"gru", "256,128"}; each model documents the keys it accepts.
// A light header: run records and options carry these without pulling in LibTorch.

#include <map>
#include <string>

namespace timbrescope::models {

using ModelOptions = std::map<std::string, std::string>;

} // namespace timbrescope::models
