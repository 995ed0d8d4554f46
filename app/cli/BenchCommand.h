#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli bench: how fast this machine trains and runs a model, and computes the CQT.
Command benchCommand();

} // namespace timbrescope::cli
