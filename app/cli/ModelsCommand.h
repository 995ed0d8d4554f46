#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli models: every architecture with its parameter counts and cost.
Command modelsCommand();

} // namespace timbrescope::cli
