// The audio decode path a track takes: libsndfile → mono → resample (audio::loadTrack).
#include "engine/audio/TrackLoader.h"
#include "tests/fuzz/FuzzInput.h"

using namespace timbrescope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first byte picks the file name's extension: libsndfile trusts it for some formats.
    static const char* const kExtensions[] = {".wav", ".flac", ".ogg", ".mp3", ".aiff", ".au"};
    const char* extension = size ? kExtensions[data[0] % 6] : ".wav";
    const std::string path = fuzz::writeScratchFile(std::string("input") + extension, data + (size ? 1 : 0), size ? size - 1 : 0);
    audio::PreprocessOptions options;
    options.converter = audio::Converter::SincFastest;
    try {
        const audio::Track track = audio::loadTrack(path, options);
        // What the engine promises of a track it accepts.
        if (track.sampleRate != options.sampleRate || track.source.channels < 1) std::abort();
    } catch (const Error&) {
    }
    return 0;
}
