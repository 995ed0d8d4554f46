#include "app/cli/Arguments.h"

#include "engine/core/Error.h"

#include <cmath>
#include <sstream>

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

namespace {

// The whole of `text` as a T (std::stoll / std::stod), or nullopt.
template <class T, class Parse>
std::optional<T> parseWhole(const std::string& text, Parse parse) {
    try {
        std::size_t used = 0;
        const T value = parse(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

std::string range(double low, double high) {
    std::ostringstream text;
    text << " from " << low << " to " << high;
    return text.str();
}

} // namespace

std::optional<long long> Arguments::takeInteger(const std::string& name, long long low, long long high) {
    const auto text = takeValue(name);
    if (!text) return std::nullopt;
    const auto value = parseWhole<long long>(*text, [](const std::string& t, std::size_t* used) { return std::stoll(t, used); });
    if (!value || *value < low || *value > high)
        throw Error(name, "'" + *text + "' is not a whole number" + range(double(low), double(high)));
    return value;
}

std::optional<double> Arguments::takeNumber(const std::string& name, double low, double high) {
    const auto text = takeValue(name);
    if (!text) return std::nullopt;
    const auto value = parseWhole<double>(*text, [](const std::string& t, std::size_t* used) { return std::stod(t, used); });
    if (!value || !std::isfinite(*value) || *value < low || *value > high)
        throw Error(name, "'" + *text + "' is not a number" + range(low, high));
    return value;
}

std::optional<float> Arguments::takeThreshold(const std::string& name, std::optional<float> fallback) {
    const auto text = takeValue(name);
    if (!text) return fallback;
    if (*text == "calibrated") return std::nullopt;
    const auto value = parseWhole<double>(*text, [](const std::string& t, std::size_t* used) { return std::stod(t, used); });
    if (!value || !(*value >= 0.0 && *value <= 1.0))
        throw Error(name, "'" + *text + "': a number between 0 and 1, or 'calibrated'");
    return static_cast<float>(*value);
}

std::optional<double> Arguments::takePositiveSeconds(const std::string& name) {
    const auto text = takeValue(name);
    if (!text) return std::nullopt;
    const auto value = parseWhole<double>(*text, [](const std::string& t, std::size_t* used) { return std::stod(t, used); });
    if (!value || !std::isfinite(*value) || *value <= 0.0) throw Error(name, "'" + *text + "' is not a positive number of seconds");
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
