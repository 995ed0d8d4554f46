#pragma once
// Progress for long commands: a bar rewritten in place on a terminal, plain lines (at most one
// per `interval` seconds) when the output is a file or a pipe.

#include <chrono>
#include <string>

namespace timbrescope::cli {

class ProgressLine {
public:
    explicit ProgressLine(double interval = 10.0);
    ~ProgressLine();

    // Shows `label` and a bar at `fraction` (0..1) with `detail` after it.
    void update(const std::string& label, double fraction, const std::string& detail);
    // A line that stays (ends the bar first).
    void print(const std::string& line);
    // Takes the bar away, so other output starts on a clean line.
    void hide() { clear(); }

private:
    void clear();
    bool terminal_;
    double interval_;
    std::chrono::steady_clock::time_point last_;
    bool barShown_ = false;
};

// "1:05", "12:34:56".
std::string clockTime(double seconds);

} // namespace timbrescope::cli
