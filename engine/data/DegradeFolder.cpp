#include "engine/data/DegradeFolder.h"

#include "engine/audio/AudioFileReader.h"
#include "engine/audio/AudioFileWriter.h"
#include "engine/audio/ChannelMix.h"
#include "engine/augment/EffectChain.h"
#include "engine/augment/EffectOptionsJson.h"
#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/data/ContentHash.h"
#include "engine/data/DatasetScanner.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace timbrescope::data {
namespace {

bool isInside(const fs::path& inner, const fs::path& outer) {
    const auto [end, _] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
    return end == outer.end();
}

std::vector<float> readMono(const fs::path& path, int& rate) {
    audio::AudioFileReader reader(path.string());
    rate = reader.info().sampleRate;
    std::vector<float> mono, block, blockMono;
    while (reader.read(block, 1 << 16) > 0) {
        const auto frames = std::int64_t(block.size()) / reader.info().channels;
        audio::mixToMono(block.data(), frames, reader.info().channels, blockMono);
        mono.insert(mono.end(), blockMono.begin(), blockMono.end());
    }
    return mono;
}

double rms(const std::vector<float>& x) {
    double sum = 0;
    for (float v : x) sum += double(v) * v;
    return x.empty() ? 0.0 : std::sqrt(sum / double(x.size()));
}

// The chain normalises to RMS 1; a file wants its own level back, without clipping.
void restoreLevel(std::vector<float>& x, double originalRms) {
    const double now = rms(x);
    if (now <= 0) return;
    double gain = originalRms / now;
    float peak = 0;
    for (float v : x) peak = std::max(peak, std::abs(v));
    if (peak * gain > 0.99) gain = 0.99 / peak;
    for (float& v : x) v = float(v * gain);
}

} // namespace

DegradeSummary degradeFolder(const fs::path& in, const fs::path& out, const augment::EffectOptions& options, std::uint64_t seed,
                             const std::function<void(int, int)>& progress) {
    augment::validate(options);
    if (!options.enabled()) throw Error("degrade", "no effect has a share above 0: give --effects SHARE or an effect's own share");
    if (!fs::is_directory(in)) throw Error(in.string(), "not a folder");
    const fs::path source = fs::weakly_canonical(in), target = fs::weakly_canonical(out);
    if (isInside(target, source)) throw Error(out.string(), "lies inside the folder being degraded; choose a folder outside it");
    if (fs::exists(target) && !(fs::is_directory(target) && fs::is_empty(target)))
        throw Error(out.string(), "already exists and is not an empty folder; nothing was written");

    std::vector<fs::path> files;  // relative to `in`, sorted so the manifest is stable
    for (const auto& entry : fs::recursive_directory_iterator(source))
        if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), source));
    std::sort(files.begin(), files.end());
    const auto audioCount = int(std::count_if(files.begin(), files.end(), [](const fs::path& f) { return isAudioFile(f); }));
    if (audioCount == 0) throw Error(in.string(), "holds no audio files (" + audioExtensionList() + ")");

    DegradeSummary summary;
    nlohmann::json tracks = nlohmann::json::object();
    for (const auto& relative : files) {
        const fs::path from = source / relative;
        const bool label = relative.extension() == ".txt";
        if (!label && !isAudioFile(relative)) continue;  // stray files are left behind
        fs::create_directories((target / relative).parent_path());
        if (label) {
            fs::copy_file(from, target / relative, fs::copy_options::overwrite_existing);
            ++summary.labels;
            continue;
        }
        int rate = 0;
        std::vector<float> mono = readMono(from, rate);
        const double level = rms(mono);
        // Seeded by the track's own path, so a track is degraded the same way in any order.
        const std::string key = relative.generic_string();
        std::seed_seq seeds{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(hashBytes(key.data(), key.size()))};
        std::mt19937_64 rng(seeds);
        const auto applied = augment::applyEffects(mono.data(), mono.size(), rate, options, rng);
        restoreLevel(mono, level);
        fs::path written = relative;
        written.replace_extension(".wav");
        audio::writeWav(target / written, mono.data(), std::int64_t(mono.size()), 1, rate);
        for (const auto& name : applied) ++summary.applied[name];
        tracks[written.generic_string()] = applied;
        ++summary.tracks;
        if (progress) progress(summary.tracks, audioCount);
    }
    const nlohmann::json manifest = {{"source", source.string()}, {"seed", seed}, {"effects", augment::effectsToJson(options)}, {"tracks", tracks}};
    writeFileAtomically((target / kDegradeManifest).string(), manifest.dump(2) + "\n");
    return summary;
}

} // namespace timbrescope::data
