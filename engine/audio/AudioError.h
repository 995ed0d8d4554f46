#pragma once
// Why an audio file could not be turned into model input. The kind lets callers (dataset
// scans, tests, the GUI) react to a class of problem; the message names the file and the reason.

#include "engine/core/Error.h"

namespace timbrescope::audio {

class AudioError : public Error {
public:
    enum class Kind {
        NotFound,       // no such file
        Unreadable,     // exists but cannot be opened (permissions, a directory, I/O error)
        NotAudio,       // libsndfile does not recognise the content as any audio format
        CorruptHeader,  // recognised, but the header is malformed or truncated
        Unsupported,    // recognised, but an encoding or layout libsndfile cannot decode
        Truncated,      // the header promises more audio than the file holds
        Corrupt,        // decoding failed part-way through the audio data
        Empty,          // a valid file with no audio frames
        NonFinite,      // a floating-point file containing NaN or Inf samples
    };

    AudioError(Kind kind, const std::string& path, const std::string& reason)
        : Error(path, reason), kind_(kind) {}

    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

} // namespace timbrescope::audio
