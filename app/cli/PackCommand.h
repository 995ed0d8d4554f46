#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli pack: a trained run (or model file) rewritten with packed, optionally int8, weights.
Command packCommand();

} // namespace timbrescope::cli
