#pragma once
// A command's arguments: options are taken by name, what is left are positional arguments.
// Anything not taken by the command is reported as an error naming it.

#include <optional>
#include <string>
#include <vector>

namespace timbrescope::cli {

class Arguments {
public:
    Arguments(std::string command, std::vector<std::string> args);

    const std::string& command() const { return command_; }

    // --name (a switch); true if present.
    bool takeFlag(const std::string& name);
    // --name VALUE or --name=VALUE; throws Error("--name", ...) when the value is missing.
    std::optional<std::string> takeValue(const std::string& name);
    // A whole number within [low, high]; throws Error("--name", ...) otherwise.
    std::optional<long long> takeInteger(const std::string& name, long long low, long long high);
    int takeInteger(const std::string& name, int fallback, int low, int high) {
        return static_cast<int>(takeInteger(name, low, high).value_or(fallback));
    }
    // A number within [low, high], e.g. --lr 1e-3; throws Error("--name", ...) otherwise.
    std::optional<double> takeNumber(const std::string& name, double low, double high);
    // A decision threshold: a number within [0, 1], or 'calibrated' (returned as nullopt: each
    // class's threshold chosen on validation data); `fallback` when the option is absent.
    std::optional<float> takeThreshold(const std::string& name, std::optional<float> fallback);
    // A positive number of seconds, e.g. --hop 0.5.
    std::optional<double> takePositiveSeconds(const std::string& name);

    // The remaining arguments; throws Error naming the first unknown option left over.
    std::vector<std::string> positionals() const;

private:
    std::string command_;
    std::vector<std::string> args_;
};

} // namespace timbrescope::cli
