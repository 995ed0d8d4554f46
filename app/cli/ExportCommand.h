#pragma once
#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli export: a trained run (or model file) as safetensors plus its PyTorch definitions.
Command exportCommand();

} // namespace timbrescope::cli
