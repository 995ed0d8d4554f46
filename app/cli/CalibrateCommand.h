#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli calibrate: fit a run's thresholds to labelled music beyond its validation folds.
Command calibrateCommand();

} // namespace timbrescope::cli
