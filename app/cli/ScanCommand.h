#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli scan DIR: what an IRMAS-layout folder holds, and what is wrong with it.
Command scanCommand();

} // namespace timbrescope::cli
