#pragma once
// Writes interleaved float samples as a 16-bit PCM WAV, atomically (a ".partial" file renamed
// into place), so a failed or interrupted write never leaves a half-written file under `path`.

#include <cstdint>
#include <filesystem>

namespace timbrescope::audio {

// Throws Error naming `path` when the file cannot be written. Samples beyond ±1 are clipped.
void writeWav(const std::filesystem::path& path, const float* interleaved, std::int64_t frames, int channels, int sampleRate);

} // namespace timbrescope::audio
