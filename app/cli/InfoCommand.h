#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli info FILE...: format, channels, rate, duration, segments, peak and RMS per file.
Command infoCommand();

} // namespace timbrescope::cli
