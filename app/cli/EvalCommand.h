#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli eval: score a trained run on a test folder the paper's way.
Command evalCommand();

} // namespace timbrescope::cli
