#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli report RUN...: evaluated runs as Markdown tables in the paper's layout.
Command reportCommand();

} // namespace timbrescope::cli
