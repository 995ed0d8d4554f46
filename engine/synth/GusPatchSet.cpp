#include "engine/synth/GusPatchSet.h"

#include "engine/core/Error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <tuple>

namespace timbrescope::synth {
namespace fs = std::filesystem;
namespace {

// The GF1 patch layout: a 129-byte header, a 63-byte instrument and a 47-byte layer header,
// then per sample a 96-byte header followed by its data.
constexpr std::size_t kSamplesOffset = 129 + 63 + 47;
constexpr std::size_t kSampleHeader = 96;
enum Mode : std::uint8_t { k16Bit = 1, kUnsigned = 2, kLooping = 4, kPingPong = 8, kReverse = 16, kSustain = 32, kEnvelope = 64 };

class Reader {
public:
    Reader(const std::string& path, std::vector<std::uint8_t> bytes) : path_(path), bytes_(std::move(bytes)) {}
    const std::uint8_t* at(std::size_t offset, std::size_t length) const {
        if (offset > bytes_.size() || length > bytes_.size() - offset)
            throw Error(path_, "truncated GUS patch (needs " + std::to_string(offset + length) + " bytes, has " +
                                   std::to_string(bytes_.size()) + ")");
        return bytes_.data() + offset;
    }
    std::uint8_t u8(std::size_t o) const { return *at(o, 1); }
    std::uint16_t u16(std::size_t o) const { const auto* p = at(o, 2); return std::uint16_t(p[0] | p[1] << 8); }
    std::uint32_t u32(std::size_t o) const { return std::uint32_t(u16(o)) | std::uint32_t(u16(o + 2)) << 16; }

private:
    std::string path_;
    std::vector<std::uint8_t> bytes_;
};

int integerOf(const std::string& word, const std::string& where) {
    char* end = nullptr;
    const long v = std::strtol(word.c_str(), &end, 10);
    if (word.empty() || *end != '\0') throw Error(where, "'" + word + "' is not a number");
    return int(std::clamp(v, -100000L, 100000L));
}

double keyOfMilliHertz(double milliHertz) { return 69.0 + 12.0 * std::log2(milliHertz / 440000.0); }

// TiMidity's reading of a GUS envelope: the volume moves through offsets 0..255, linear in
// decibels over 96 dB, by `rate` units per 8192 frames at 44.1 kHz.
double envelopeUnitsPerSecond(std::uint8_t rate) {
    const int increment = (rate & 0x3f) << (3 * (3 - (rate >> 6)));
    return increment * 44100.0 / 8192.0;
}
constexpr double kDecibelsPerUnit = 96.0 / 255.0;

int timecents(double seconds) { return std::clamp(int(std::lround(1200.0 * std::log2(std::max(seconds, 1e-3)))), -12000, 8000); }

// Seconds for 100 dB at the rate of moving `units` offsets in `seconds` (a SoundFont decay/release).
double hundredDecibelSeconds(double units, double seconds) {
    return units <= 0.0 ? 100.0 : 100.0 * seconds / (units * kDecibelsPerUnit);
}

struct GusSample {
    BankSample sample;
    double lowKey = 0, highKey = 127;
    std::uint8_t modes = 0;
    std::uint8_t rates[6] = {}, offsets[6] = {};
    int scaleFactor = 1024;
};

GusSample readSample(const Reader& r, std::size_t& offset, const std::string& path, int index) {
    GusSample g;
    const std::size_t h = offset;
    const std::uint32_t length = r.u32(h + 8);
    std::uint32_t loopStart = r.u32(h + 12), loopEnd = r.u32(h + 16);
    const std::uint16_t rate = r.u16(h + 20);
    const std::uint32_t low = r.u32(h + 22), high = r.u32(h + 26), root = r.u32(h + 30);
    for (int i = 0; i < 6; ++i) g.rates[i] = r.u8(h + 37 + std::size_t(i)), g.offsets[i] = r.u8(h + 43 + std::size_t(i));
    g.modes = r.u8(h + 55);
    g.scaleFactor = r.u16(h + 58);
    if (rate < 1000 || root == 0)
        throw Error(path, "sample " + std::to_string(index) + " has no usable rate or root frequency");
    const std::uint8_t* data = r.at(h + kSampleHeader, length);
    offset = h + kSampleHeader + length;

    const bool wide = g.modes & k16Bit, isUnsigned = g.modes & kUnsigned;
    const std::size_t bytesPerFrame = wide ? 2 : 1;
    std::vector<std::int16_t>& pcm = g.sample.data;
    pcm.resize(length / bytesPerFrame);
    for (std::size_t i = 0; i < pcm.size(); ++i) {
        int v = wide ? (data[2 * i] | data[2 * i + 1] << 8) : data[i] << 8;
        if (isUnsigned) v -= 32768;
        else if (v >= 32768) v -= 65536;
        pcm[i] = std::int16_t(v);
    }
    loopStart /= std::uint32_t(bytesPerFrame), loopEnd /= std::uint32_t(bytesPerFrame);
    if (g.modes & kReverse) {
        std::reverse(pcm.begin(), pcm.end());
        const auto n = std::uint32_t(pcm.size());
        std::tie(loopStart, loopEnd) = std::pair{n - std::min(loopEnd, n), n - std::min(loopStart, n)};
    }
    const bool loop = (g.modes & (kLooping | kPingPong)) && loopStart < loopEnd && loopEnd <= pcm.size() && loopEnd - loopStart >= 2;
    if (loop && (g.modes & kPingPong)) {
        // A SoundFont loops forward only: unfold the forward-backward loop into one forward loop.
        std::vector<std::int16_t> unfolded(pcm.begin(), pcm.begin() + loopEnd);
        unfolded.insert(unfolded.end(), std::make_reverse_iterator(pcm.begin() + loopEnd), std::make_reverse_iterator(pcm.begin() + loopStart));
        unfolded.insert(unfolded.end(), pcm.begin() + loopEnd, pcm.end());
        loopEnd += loopEnd - loopStart;
        pcm = std::move(unfolded);
    }
    g.sample.looped = loop;
    g.sample.loopStart = loopStart, g.sample.loopEnd = loopEnd;
    g.sample.sampleRate = rate;
    const double rootKey = keyOfMilliHertz(root);
    g.sample.rootKey = std::clamp(int(std::lround(rootKey)), 0, 127);
    g.sample.correctionCents = int(std::lround((g.sample.rootKey - rootKey) * 100.0));
    g.lowKey = low > 0 ? keyOfMilliHertz(low) : 0.0;
    g.highKey = high > 0 ? keyOfMilliHertz(high) : 127.0;
    return g;
}

// TiMidity's GUS envelope as a SoundFont volume envelope: attack, decay to the sustain level
// (held while the key is down when the patch sustains; otherwise on down to silence), release.
void applyEnvelope(const GusSample& g, BankZone& zone) {
    if (!g.sample.looped) {  // played through once, as TiMidity plays an unlooped sample
        zone.releaseTimecents = timecents(0.3);
        return;
    }
    if (!(g.modes & kEnvelope)) {
        zone.releaseTimecents = timecents(0.1);
        return;
    }
    auto stageSeconds = [&](int stage, double from) {
        const double units = std::abs(g.offsets[stage] - from), speed = envelopeUnitsPerSecond(g.rates[stage]);
        return speed > 0 ? units / speed : 0.0;
    };
    zone.attackTimecents = timecents(stageSeconds(0, 0));
    const bool sustains = g.modes & kSustain;
    const int last = sustains ? 2 : 3;
    double seconds = 0, fallen = 0;
    for (int stage = 1; stage <= last; ++stage) {
        seconds += stageSeconds(stage, g.offsets[stage - 1]);
        fallen += std::max(0, g.offsets[stage - 1] - g.offsets[stage]);
    }
    const int level = sustains ? g.offsets[2] : 0;
    zone.decayTimecents = timecents(hundredDecibelSeconds(fallen, seconds));
    zone.sustainCentibels = std::clamp(int(std::lround((g.offsets[0] - std::min<int>(level, g.offsets[0])) * kDecibelsPerUnit * 10.0)), 0, 1440);
    const double releaseSpeed = envelopeUnitsPerSecond(g.rates[3]);
    zone.releaseTimecents = timecents(releaseSpeed > 0 ? 100.0 / (releaseSpeed * kDecibelsPerUnit) : 1.0);
}

std::vector<std::uint8_t> readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the GUS patch");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

BankInstrument readGusPatch(const std::string& patchPath, SampleBank& bank, int drumKey, double amplitude) {
    const Reader r(patchPath, readAll(patchPath));
    if (std::memcmp(r.at(0, 8), "GF1PATCH", 8) != 0) throw Error(patchPath, "not a GUS patch (.pat) file");
    const int count = r.u8(kSamplesOffset - 47 + 6);  // the first layer's sample count
    if (count == 0) throw Error(patchPath, "the GUS patch has no samples");
    BankInstrument instrument;
    instrument.name = fs::path(patchPath).stem().string();
    std::vector<GusSample> samples;
    std::size_t offset = kSamplesOffset;
    for (int i = 0; i < count; ++i) samples.push_back(readSample(r, offset, patchPath, i));

    const int attenuation = amplitude < 1.0 ? int(std::lround(-200.0 * std::log10(std::max(amplitude, 1e-3)))) : 0;
    const auto first = int(bank.samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        samples[i].sample.name = instrument.name.substr(0, 16) + "-" + std::to_string(i);
        bank.samples.push_back(samples[i].sample);
    }
    if (drumKey >= 0) {  // TiMidity strips loops and envelopes from drums and plays them at their own pitch
        BankZone zone;
        zone.lowKey = zone.highKey = drumKey;
        zone.sample = first;
        zone.rootKeyOverride = drumKey;
        zone.attenuation = attenuation;
        zone.releaseTimecents = timecents(1.0);
        bank.samples[std::size_t(first)].looped = false;
        instrument.zones.push_back(zone);
        return instrument;
    }
    // Each key plays the first sample whose range covers it (as TiMidity chooses), else the one
    // whose root is nearest; consecutive keys of one sample become one zone, so zones never overlap.
    auto sampleFor = [&](int key) {
        for (std::size_t i = 0; i < samples.size(); ++i)
            if (key >= samples[i].lowKey - 0.5 && key <= samples[i].highKey + 0.5) return i;
        std::size_t best = 0;
        for (std::size_t i = 1; i < samples.size(); ++i)
            if (std::abs(samples[i].sample.rootKey - key) < std::abs(samples[best].sample.rootKey - key)) best = i;
        return best;
    };
    for (int key = 0; key < 128;) {
        const std::size_t s = sampleFor(key);
        int end = key;
        while (end + 1 < 128 && sampleFor(end + 1) == s) ++end;
        BankZone zone;
        zone.lowKey = key, zone.highKey = end;
        zone.sample = first + int(s);
        zone.attenuation = attenuation;
        const int scale = samples[s].scaleFactor;
        if (scale >= 0 && scale <= 2048 && scale != 1024) zone.scaleTuning = int(std::lround(scale * 100.0 / 1024.0));
        applyEnvelope(samples[s], zone);
        instrument.zones.push_back(zone);
        key = end + 1;
    }
    return instrument;
}

SampleBank readGusPatchSet(const std::string& configPath) {
    SampleBank bank;
    bank.name = fs::path(configPath).filename().string();
    BankInstrument drumKit{"drum set 0", {}};
    std::vector<std::string> dirs;

    auto readConfig = [&](auto& self, const std::string& path, int depth) -> void {
        std::ifstream in(path);
        if (!in) throw Error(path, "cannot open the TiMidity patch set config");
        enum class Section { Other, Tones, Drums } section = Section::Other;
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
            if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
            std::istringstream words(line);
            std::vector<std::string> w{std::istream_iterator<std::string>(words), std::istream_iterator<std::string>()};
            if (w.empty()) continue;
            const std::string where = path + ":" + std::to_string(number);
            if (w[0] == "dir" && w.size() >= 2) dirs.insert(dirs.begin(), w[1]);
            else if (w[0] == "source" && w.size() >= 2) {
                if (depth >= 8) throw Error(where, "config files source each other too deeply");
                fs::path included = w[1];
                if (included.is_relative()) included = fs::path(path).parent_path() / included;
                self(self, included.string(), depth + 1);
            } else if ((w[0] == "bank" || w[0] == "drumset") && w.size() >= 2)
                section = integerOf(w[1], where) != 0 ? Section::Other : w[0] == "bank" ? Section::Tones : Section::Drums;
            else if (std::isdigit(static_cast<unsigned char>(w[0][0])) && w.size() >= 2 && section != Section::Other) {
                const int number0 = integerOf(w[0], where);
                if (number0 < 0 || number0 > 127) throw Error(where, "program or key " + w[0] + " is outside 0-127");
                double amplitude = 1.0;
                for (std::size_t i = 2; i < w.size(); ++i)
                    if (w[i].rfind("amp=", 0) == 0) amplitude = std::atof(w[i].c_str() + 4) / 100.0;
                fs::path file;
                for (const fs::path& candidate : {fs::path(w[1]), fs::path(w[1] + ".pat")}) {
                    if (candidate.is_absolute() && fs::is_regular_file(candidate)) file = candidate;
                    for (const std::string& dir : dirs)
                        if (file.empty() && fs::is_regular_file(fs::path(dir) / candidate)) file = fs::path(dir) / candidate;
                    if (!file.empty()) break;
                }
                if (file.empty()) throw Error(where, "names " + w[1] + ", which is in none of its patch folders");
                if (section == Section::Drums) {
                    BankInstrument drum = readGusPatch(file.string(), bank, number0, amplitude);
                    drumKit.zones.push_back(drum.zones.front());
                } else {  // a program named again replaces the earlier patch, as in TiMidity
                    bank.instruments.push_back(readGusPatch(file.string(), bank, -1, amplitude));
                    const BankPreset preset{bank.instruments.back().name.substr(0, 19), 0, number0, int(bank.instruments.size()) - 1};
                    auto same = std::find_if(bank.presets.begin(), bank.presets.end(), [&](const BankPreset& p) { return p.program == number0; });
                    if (same != bank.presets.end()) *same = preset;
                    else bank.presets.push_back(preset);
                }
            }
        }
    };
    readConfig(readConfig, configPath, 0);
    if (!drumKit.zones.empty()) {
        bank.instruments.push_back(std::move(drumKit));
        bank.presets.push_back({"Standard drums", 128, 0, int(bank.instruments.size()) - 1});
    }
    if (bank.presets.empty()) throw Error(configPath, "names no patch in bank 0 or drum set 0");
    return bank;
}

} // namespace timbrescope::synth
