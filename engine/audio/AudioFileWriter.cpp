#include "engine/audio/AudioFileWriter.h"

#include "engine/core/Error.h"

#include <sndfile.h>

namespace fs = std::filesystem;

namespace timbrescope::audio {

void writeWav(const fs::path& path, const float* interleaved, std::int64_t frames, int channels, int sampleRate) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    const fs::path partial = path.string() + ".partial";
    SF_INFO info{};
    info.samplerate = sampleRate;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* file = sf_open(partial.c_str(), SFM_WRITE, &info);
    if (!file) throw Error(path.string(), std::string("cannot write: ") + sf_strerror(nullptr));
    sf_command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    const sf_count_t written = sf_writef_float(file, interleaved, frames);
    const std::string error = sf_strerror(file);
    sf_close(file);
    if (written != frames) {
        fs::remove(partial);
        throw Error(path.string(), "cannot write: " + error);
    }
    fs::rename(partial, path);
}

} // namespace timbrescope::audio
