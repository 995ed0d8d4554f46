#include "app/cli/ProgressLine.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace timbrescope::cli {

ProgressLine::ProgressLine(double interval)
    : terminal_(::isatty(STDERR_FILENO) != 0), interval_(interval), last_(std::chrono::steady_clock::now() - std::chrono::hours(1)) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::clear() {
    if (!barShown_) return;
    std::fprintf(stderr, "\r\033[K");
    barShown_ = false;
}

void ProgressLine::update(const std::string& label, double fraction, const std::string& detail) {
    const auto now = std::chrono::steady_clock::now();
    const double wait = terminal_ ? 0.1 : interval_;
    if (std::chrono::duration<double>(now - last_).count() < wait) return;
    last_ = now;
    if (!terminal_) {
        std::fprintf(stderr, "%s %3.0f%% %s\n", label.c_str(), 100.0 * fraction, detail.c_str());
        return;
    }
    constexpr int width = 30;
    const int filled = int(std::lround(std::clamp(fraction, 0.0, 1.0) * width));
    std::string bar(std::size_t(filled), '=');
    if (filled < width) bar += '>' + std::string(std::size_t(width - filled - 1), ' ');
    std::fprintf(stderr, "\r\033[K%s [%s] %3.0f%% %s", label.c_str(), bar.c_str(), 100.0 * fraction, detail.c_str());
    std::fflush(stderr);
    barShown_ = true;
}

void ProgressLine::print(const std::string& line) {
    clear();
    std::fprintf(stderr, "%s\n", line.c_str());
}

std::string clockTime(double seconds) {
    const long total = std::lround(std::max(0.0, seconds));
    char text[32];
    if (total >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
    else std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
    return text;
}

} // namespace timbrescope::cli
