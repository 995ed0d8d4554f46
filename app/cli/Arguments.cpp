#include "app/cli/Arguments.h"

#include "engine/core/Error.h"

#include <cmath>

namespace timbrescope::cli {

Arguments::Arguments(std::string command, std::vector<std::string> args)
    : command_(std::move(command)), args_(std::move(args)) {}

bool Arguments::takeFlag(const std::string& name) {
    for (auto it = args_.begin(); it != args_.end(); ++it) {
        if (*it == "--") break;
        if (*it == name) {
            args_.erase(it);
            return true;
        }
    }
    return false;
}

std::optional<std::string> Arguments::takeValue(const std::string& name) {
    for (auto it = args_.begin(); it != args_.end(); ++it) {
        if (*it == "--") break;
        if (it->rfind(name + "=", 0) == 0) {
            std::string value = it->substr(name.size() + 1);
            args_.erase(it);
            return value;
        }
        if (*it == name) {
            if (std::next(it) == args_.end()) throw Error(name, "needs a value");
            std::string value = *std::next(it);
            args_.erase(it, it + 2);
            return value;
        }
    }
    return std::nullopt;
}

std::optional<long long> Arguments::takeInteger(const std::string& name, long long low, long long high) {
    const auto text = takeValue(name);
    if (!text) return std::nullopt;
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text->size() || value < low || value > high)
        throw Error(name, "'" + *text + "' is not a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    return value;
}

std::optional<double> Arguments::takeNumber(const std::string& name, double low, double high) {
    const auto text = takeValue(name);
    if (!text) return std::nullopt;
    std::size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text->size() || !std::isfinite(value) || value < low || value > high)
        throw Error(name, "'" + *text + "' is not a number from " + std::to_string(low) + " to " + std::to_string(high));
    return value;
}

std::optional<double> Arguments::takePositiveSeconds(const std::string& name) {
    const auto text = takeValue(name);
    if (!text) return std::nullopt;
    std::size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text->size() || !std::isfinite(value) || value <= 0.0)
        throw Error(name, "'" + *text + "' is not a positive number of seconds");
    return value;
}

std::vector<std::string> Arguments::positionals() const {
    std::vector<std::string> result;
    bool optionsEnded = false;
    for (const auto& arg : args_) {
        if (!optionsEnded && arg == "--") {
            optionsEnded = true;
            continue;
        }
        if (!optionsEnded && arg.size() > 1 && arg[0] == '-')
            throw Error(arg, "unknown option for '" + command_ + "' (see timbrescope-cli help " + command_ + ")");
        result.push_back(arg);
    }
    return result;
}

} // namespace timbrescope::cli
