#pragma once
// One subcommand of timbrescope-cli.

#include "app/cli/Arguments.h"

#include <functional>
#include <string>

namespace timbrescope::cli {

struct Command {
    std::string name;
    std::string summary;  // one line for the command list
    std::string usage;    // full help text
    // Returns the process exit status; throws Error for bad options.
    std::function<int(Arguments&)> run;
};

} // namespace timbrescope::cli
