#include "engine/synth/SampleFolder.h"

#include "engine/audio/AudioFileReader.h"
#include "engine/audio/ChannelMix.h"
#include "engine/core/Error.h"
#include "engine/data/Instruments.h"
#include "engine/synth/InstrumentProfiles.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace timbrescope::synth {
namespace fs = std::filesystem;
namespace {

constexpr double kMaxAperiodicity = 0.25;  // above: noise, or no single period
constexpr double kMinLowHarmonics = 0.1;   // below: a chord (its common period's low harmonics are missing)
constexpr double kRangeMargin = 3.0;      // semitones a note may lie outside its class's playable range
constexpr double kMaxSeconds = 6.0;        // longer notes are cut (with a fade) to keep the bank small

std::vector<float> decodeMono(const std::string& path, int& sampleRate) {
    audio::AudioFileReader reader(path);
    sampleRate = reader.info().sampleRate;
    const auto limit = std::int64_t(kMaxSeconds * sampleRate);
    std::vector<float> mono, block, blockMono;
    while (std::int64_t(mono.size()) < limit) {
        const std::int64_t frames = reader.read(block, 65536);
        if (frames == 0) break;
        audio::mixToMono(block.data(), frames, reader.info().channels, blockMono);
        mono.insert(mono.end(), blockMono.begin(), blockMono.begin() + std::ptrdiff_t(std::min<std::int64_t>(frames, limit - std::int64_t(mono.size()))));
    }
    return mono;
}

// Squared magnitude of the windowed signal at `hz` (one DFT bin, Goertzel).
double power(const std::vector<double>& x, double hz, int rate) {
    const double w = 2 * M_PI * hz / rate, c = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (double v : x) {
        const double s = v + c * s1 - s2;
        s2 = s1, s1 = s;
    }
    return s1 * s1 + s2 * s2 - c * s1 * s2;
}

// The class folders (or map lines) of a sample folder: class index → files.
std::map<int, std::vector<std::string>> notesByClass(const std::string& path) {
    std::map<int, std::vector<std::string>> notes;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        for (const auto& entry : fs::directory_iterator(path)) {
            if (!entry.is_directory()) continue;
            const std::string code = entry.path().filename().string();
            const auto c = data::classIndex(code);
            if (!c) throw Error(entry.path().string(), "is not named by an IRMAS class code (cel, cla, flu, gac, gel, org, pia, sax, tru, vio, voi)");
            for (const auto& file : fs::directory_iterator(entry.path()))
                if (file.is_regular_file()) notes[*c].push_back(file.path().string());
        }
    } else {
        std::ifstream in(path);
        if (!in) throw Error(path, "cannot open the sample map");
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
            if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
            std::istringstream words(line);
            std::string code, file;
            if (!(words >> code)) continue;
            std::getline(words >> std::ws, file);
            while (!file.empty() && std::isspace(static_cast<unsigned char>(file.back()))) file.pop_back();
            const std::string where = path + ":" + std::to_string(number);
            const auto c = data::classIndex(code);
            if (!c) throw Error(where, "'" + code + "' is not an IRMAS class code");
            if (file.empty()) throw Error(where, "names no audio file after the class code");
            fs::path p = file;
            if (p.is_relative()) p = fs::path(path).parent_path() / p;
            if (!fs::is_regular_file(p, ec)) throw Error(where, "no such audio file: " + p.string());
            notes[*c].push_back(p.string());
        }
    }
    for (auto& [c, files] : notes) std::sort(files.begin(), files.end());  // the same bank whatever the directory order
    return notes;
}

} // namespace

bool isSampleFolder(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) || fs::path(path).extension() == ".samples";
}

std::optional<MeasuredPitch> measurePitch(const std::vector<float>& mono, int rate) {
    float peak = 0;
    for (float v : mono) peak = std::max(peak, std::abs(v));
    if (peak <= 1e-6f) return std::nullopt;
    std::size_t onset = 0;
    while (onset < mono.size() && std::abs(mono[onset]) < 0.1f * peak) ++onset;
    const std::size_t start = onset + std::size_t(0.05 * rate);  // past the attack
    const auto window = std::size_t(0.04 * rate), maxLag = std::size_t(rate / 40.0), minLag = std::size_t(rate / 2000.0);
    std::vector<double> aperiodicities, lags;
    for (int frame = 0; frame < 5; ++frame) {
        const std::size_t a = start + std::size_t(frame) * std::size_t(0.05 * rate);
        if (a + window + maxLag + 1 >= mono.size()) break;
        // YIN: the cumulative-mean-normalised difference function, its first dip under 0.15.
        std::vector<double> d(maxLag + 2, 0.0);
        for (std::size_t lag = 1; lag <= maxLag + 1; ++lag)
            for (std::size_t j = 0; j < window; ++j) {
                const double diff = double(mono[a + j]) - mono[a + j + lag];
                d[lag] += diff * diff;
            }
        std::vector<double> norm(maxLag + 2, 1.0);
        double running = 0;
        for (std::size_t lag = 1; lag <= maxLag + 1; ++lag) {
            running += d[lag];
            norm[lag] = running > 0 ? d[lag] * double(lag) / running : 1.0;
        }
        std::size_t best = 0;
        for (std::size_t lag = std::max<std::size_t>(minLag, 2); lag <= maxLag && !best; ++lag)
            if (norm[lag] < 0.15) {
                while (lag + 1 <= maxLag && norm[lag + 1] < norm[lag]) ++lag;
                best = lag;
            }
        if (!best) best = std::size_t(std::min_element(norm.begin() + std::ptrdiff_t(std::max<std::size_t>(minLag, 2)),
                                                       norm.begin() + std::ptrdiff_t(maxLag + 1)) - norm.begin());
        const double l = norm[best - 1], c = norm[best], r = norm[best + 1], den = l - 2 * c + r;
        lags.push_back(double(best) + (std::abs(den) > 1e-12 ? 0.5 * (l - r) / den : 0.0));
        aperiodicities.push_back(c);
    }
    if (lags.empty()) return std::nullopt;
    auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    MeasuredPitch m;
    const double f0 = rate / median(lags);
    m.key = 69.0 + 12.0 * std::log2(f0 / 440.0);
    m.aperiodicity = median(aperiodicities);
    // Harmonic balance over a longer Hann window (each harmonic's strongest of five nearby bins).
    const std::size_t length = std::min(mono.size() - std::min(mono.size(), start), std::size_t(0.25 * rate));
    std::vector<double> x(length);
    for (std::size_t i = 0; i < length; ++i) x[i] = mono[start + i] * (0.5 - 0.5 * std::cos(2 * M_PI * double(i) / double(length)));
    double low = 0, all = 0;
    for (int h = 1; h <= 12 && h * f0 < rate / 2.0; ++h) {
        double p = 0;
        for (double detune : {-0.02, -0.01, 0.0, 0.01, 0.02}) p = std::max(p, power(x, h * f0 * (1 + detune), rate));
        all += p;
        if (h <= 3) low += p;
    }
    m.lowHarmonics = all > 0 ? low / all : 0.0;
    return m;
}

SampleBank readSampleFolder(const std::string& path, std::vector<std::string>* skipped) {
    SampleBank bank;
    bank.name = fs::path(path).filename().string();
    for (const auto& [classIndex, files] : notesByClass(path)) {
        // A chord's common period often lies an octave or two below the instrument: out of range.
        int lowest = 127, highest = 0;
        for (const ProgramVariant& v : profileFor(classIndex).programs) lowest = std::min(lowest, v.low), highest = std::max(highest, v.high);
        struct Recorded { int sample; double key; };
        std::vector<Recorded> recorded;
        for (const std::string& file : files) {
            int rate = 0;
            std::vector<float> mono;
            try {
                mono = decodeMono(file, rate);
            } catch (const Error& e) {
                if (skipped) skipped->push_back(file + ": " + e.reason());
                continue;
            }
            const auto pitch = measurePitch(mono, rate);
            const char* why = !pitch ? "silent or too short to measure a pitch"
                              : pitch->aperiodicity > kMaxAperiodicity ? "no single pitch (noise or unpitched)"
                              : pitch->lowHarmonics < kMinLowHarmonics ? "a chord, not one note"
                              : pitch->key < lowest - kRangeMargin || pitch->key > highest + kRangeMargin
                                  ? "its pitch is outside the instrument's range (a chord, or another instrument)"
                                  : nullptr;
            if (why) {
                if (skipped) skipped->push_back(file + ": " + why);
                continue;
            }
            BankSample s;
            s.name = fs::path(file).stem().string().substr(0, 19);
            s.sampleRate = rate;
            s.rootKey = std::clamp(int(std::lround(pitch->key)), 0, 127);
            s.correctionCents = int(std::lround((s.rootKey - pitch->key) * 100.0));
            float peak = 0;
            for (float v : mono) peak = std::max(peak, std::abs(v));
            const std::size_t fade = std::min(mono.size(), std::size_t(0.05 * rate));
            s.data.resize(mono.size());
            for (std::size_t i = 0; i < mono.size(); ++i) {
                const double tail = i + fade >= mono.size() ? double(mono.size() - i) / double(fade) : 1.0;  // no click where a cut note ends
                s.data[i] = std::int16_t(std::lround(mono[i] / peak * 29000.0 * tail));
            }
            recorded.push_back({int(bank.samples.size()), pitch->key});
            bank.samples.push_back(std::move(s));
        }
        if (recorded.empty()) continue;  // the class is simply not covered by this source
        BankInstrument instrument{std::string(data::instrumentClasses()[std::size_t(classIndex)].name), {}};
        for (int key = 0; key < 128; ++key) {
            const Recorded* nearest = &recorded.front();
            for (const Recorded& r : recorded)
                if (std::abs(r.key - key) < std::abs(nearest->key - key)) nearest = &r;
            const int root = bank.samples[std::size_t(nearest->sample)].rootKey;
            const int octaves = int(std::lround((key - root) / 12.0));
            BankZone zone;
            zone.lowKey = zone.highKey = key;
            zone.sample = nearest->sample;
            zone.rootKeyOverride = std::clamp(root + 12 * octaves, 0, 127);
            zone.releaseTimecents = -2786;  // 0.2 s
            instrument.zones.push_back(zone);
        }
        bank.instruments.push_back(std::move(instrument));
        bank.presets.push_back({bank.instruments.back().name, 0, profileFor(classIndex).programs.front().program,
                                int(bank.instruments.size()) - 1});
    }
    if (bank.presets.empty()) throw Error(path, "holds no usable recorded note (see the skipped files)");
    return bank;
}

} // namespace timbrescope::synth
