#pragma once
// The engine's one exception type: what went wrong and which file or option it concerns,
// so the CLI can print it as one line and the GUI can show it without losing context.

#include <stdexcept>
#include <string>

namespace timbrescope {

class Error : public std::runtime_error {
public:
    // subject: the file path or option name the error is about; reason: what is wrong with it.
    Error(std::string subject, std::string reason);

    const std::string& subject() const { return subject_; }
    const std::string& reason() const { return reason_; }

private:
    std::string subject_;
    std::string reason_;
};

} // namespace timbrescope
