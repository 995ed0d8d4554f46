#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli compare RUN_A RUN_B: per-instrument F1 of two evaluated runs side by side.
Command compareCommand();

} // namespace timbrescope::cli
