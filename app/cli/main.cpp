// timbrescope-cli: the workbench's engine from a terminal or a script.

#include "app/cli/BenchCommand.h"
#include "app/cli/CalibrateCommand.h"
#include "app/cli/CompareCommand.h"
#include "app/cli/DegradeCommand.h"
#include "app/cli/EvalCommand.h"
#include "app/cli/ExportCommand.h"
#include "app/cli/InfoCommand.h"
#include "app/cli/ModelsCommand.h"
#include "app/cli/PackCommand.h"
#include "app/cli/PredictCommand.h"
#include "app/cli/PrepareCommand.h"
#include "app/cli/ReportCommand.h"
#include "app/cli/ScanCommand.h"
#include "app/cli/SourcesCommand.h"
#include "app/cli/SynthCommand.h"
#include "app/cli/TrainCommand.h"
#include "engine/core/Error.h"
#include "engine/core/ProcessSetup.h"

#include <iostream>
#include <vector>

using timbrescope::Error;
using namespace timbrescope::cli;

namespace {

const std::vector<Command>& commands() {
    static const std::vector<Command> all = {infoCommand(),  scanCommand(),    synthCommand(),   sourcesCommand(), degradeCommand(), prepareCommand(),
                                             modelsCommand(), trainCommand(),   evalCommand(),    calibrateCommand(), predictCommand(),
                                             compareCommand(), reportCommand(), packCommand(),    exportCommand(), benchCommand()};
    return all;
}

const Command* find(const std::string& name) {
    for (const auto& c : commands())
        if (c.name == name) return &c;
    return nullptr;
}

void printOverview(std::ostream& out) {
    out << "usage: timbrescope-cli COMMAND [OPTIONS] [ARGS]\n\nCommands:\n";
    for (const auto& c : commands()) out << "  " << c.name << std::string(10 - std::min<size_t>(9, c.name.size()), ' ') << c.summary << "\n";
    out << "  help      show help for a command: timbrescope-cli help COMMAND\n";
}

} // namespace

int main(int argc, char** argv) {
    timbrescope::configureProcess();
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printOverview(std::cerr);
        return 2;
    }
    const std::string name = args.front();
    args.erase(args.begin());
    if (name == "--version") {
        std::cout << "timbrescope-cli " << TIMBRESCOPE_VERSION << "\n";
        return 0;
    }
    if (name == "help" || name == "--help" || name == "-h") {
        const Command* c = args.empty() ? nullptr : find(args.front());
        if (c) std::cout << c->usage; else printOverview(std::cout);
        return 0;
    }
    const Command* command = find(name);
    if (!command) {
        std::cerr << "error: unknown command '" << name << "'\n";
        printOverview(std::cerr);
        return 2;
    }
    Arguments arguments(name, args);
    if (arguments.takeFlag("--help") || arguments.takeFlag("-h")) {
        std::cout << command->usage;
        return 0;
    }
    try {
        return command->run(arguments);
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
