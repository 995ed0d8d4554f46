#include "engine/augment/CodecRoundTrip.h"

#include "engine/core/Error.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

namespace timbrescope::augment {
namespace {

// A file in memory for libsndfile's virtual I/O.
struct MemoryFile {
    std::vector<unsigned char> bytes;
    sf_count_t position = 0;
};

sf_count_t memoryLength(void* user) { return sf_count_t(static_cast<MemoryFile*>(user)->bytes.size()); }

sf_count_t memorySeek(sf_count_t offset, int whence, void* user) {
    auto* f = static_cast<MemoryFile*>(user);
    const sf_count_t base = whence == SEEK_CUR ? f->position : whence == SEEK_END ? sf_count_t(f->bytes.size()) : 0;
    f->position = std::clamp<sf_count_t>(base + offset, 0, sf_count_t(f->bytes.size()));
    return f->position;
}

sf_count_t memoryRead(void* to, sf_count_t count, void* user) {
    auto* f = static_cast<MemoryFile*>(user);
    const sf_count_t n = std::clamp<sf_count_t>(sf_count_t(f->bytes.size()) - f->position, 0, count);
    std::memcpy(to, f->bytes.data() + f->position, std::size_t(n));
    f->position += n;
    return n;
}

sf_count_t memoryWrite(const void* from, sf_count_t count, void* user) {
    auto* f = static_cast<MemoryFile*>(user);
    const std::size_t end = std::size_t(f->position + count);
    if (end > f->bytes.size()) f->bytes.resize(end);
    std::memcpy(f->bytes.data() + f->position, from, std::size_t(count));
    f->position += count;
    return count;
}

sf_count_t memoryTell(void* user) { return static_cast<MemoryFile*>(user)->position; }

// LAME's encoder delay (576 samples) plus the MP3 decoder's (529), at any rate.
constexpr std::size_t kLameDelay = 576 + 529;

SF_VIRTUAL_IO memoryIo{memoryLength, memorySeek, memoryRead, memoryWrite, memoryTell};

struct CloseFile {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndFile = std::unique_ptr<SNDFILE, CloseFile>;

Error codecError(Codec codec, int rate, const std::string& what) {
    return Error("--codec", codecName(codec) + " at " + std::to_string(rate) + " Hz: " + what);
}

} // namespace

std::string codecName(Codec codec) { return codec == Codec::Mp3 ? "mp3" : "vorbis"; }

void codecRoundTrip(float* samples, std::size_t count, int rate, Codec codec, double compressionLevel) {
    if (count == 0) return;
    // The codecs take floats in ±1: scale the example's peak to just under full scale, and back.
    float peak = 0.0f;
    for (std::size_t i = 0; i < count; ++i) peak = std::max(peak, std::fabs(samples[i]));
    if (peak == 0.0f) return;
    const float scale = 0.9f / peak;
    std::vector<float> scaled(samples, samples + count);
    for (float& s : scaled) s *= scale;

    MemoryFile file;
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = 1;
    info.format = codec == Codec::Mp3 ? (SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III) : (SF_FORMAT_OGG | SF_FORMAT_VORBIS);
    {
        SndFile out(sf_open_virtual(&memoryIo, SFM_WRITE, &info, &file));
        if (!out) throw codecError(codec, rate, sf_strerror(nullptr));
        double level = std::clamp(compressionLevel, 0.0, 1.0);
        sf_command(out.get(), SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
        if (codec == Codec::Mp3) {
            int mode = SF_BITRATE_MODE_CONSTANT;
            sf_command(out.get(), SFC_SET_BITRATE_MODE, &mode, sizeof mode);
        }
        if (sf_write_float(out.get(), scaled.data(), sf_count_t(count)) != sf_count_t(count))
            throw codecError(codec, rate, sf_strerror(out.get()));
    }
    file.position = 0;
    SF_INFO back{};
    SndFile in(sf_open_virtual(&memoryIo, SFM_READ, &back, &file));
    if (!in) throw codecError(codec, rate, std::string("cannot read back: ") + sf_strerror(nullptr));
    std::vector<float> decoded(std::size_t(std::max<sf_count_t>(back.frames, sf_count_t(count))) + kLameDelay, 0.0f);
    const sf_count_t got = sf_readf_float(in.get(), decoded.data(), sf_count_t(decoded.size()));
    // libsndfile's MP3 reader drops LAME's delay and padding when the stream's gapless header
    // says how long they are; at the lowest bitrates it does not, and the signal arrives late.
    const std::size_t skip = got > sf_count_t(count) + sf_count_t(kLameDelay) / 2 ? kLameDelay : 0;
    for (std::size_t i = 0; i < count; ++i) samples[i] = decoded[i + skip] / scale;
}

} // namespace timbrescope::augment
