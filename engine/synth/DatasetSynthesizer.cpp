#include "engine/synth/DatasetSynthesizer.h"

#include "engine/audio/AudioFileWriter.h"
#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/data/LabelFile.h"
#include "engine/synth/DatasetPlan.h"
#include "engine/synth/Orchestration.h"
#include "engine/synth/PhysicalModels.h"
#include "engine/synth/Renderer.h"
#include "engine/synth/SoundFont.h"

#include <nlohmann/json.hpp>

#include "engine/core/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

namespace timbrescope::synth {
namespace fs = std::filesystem;
namespace {

constexpr int kRate = 44100;
constexpr double kPreRoll = 1.0;  // excerpts start inside the music, not at its first note
constexpr double kPeakCeiling = 0.89;  // -1 dBFS

void validate(const SynthOptions& o) {
    if (o.outDir.empty()) throw Error("--out", "no output folder given");
    if (o.trainPerClass < 0 || o.trainPerClass > 100000) throw Error("--train-per-class", "must be between 0 and 100000");
    if (o.testCount < 0 || o.testCount > 100000) throw Error("--test-count", "must be between 0 and 100000");
    if (o.trainPerClass == 0 && o.testCount == 0) throw Error("--train-per-class", "nothing to generate (both sizes are 0)");
    if (o.threads < 0) throw Error("--threads", "must be 0 (one per core) or more");
}

void prepareOutput(const SynthOptions& o) {
    std::error_code ec;
    fs::create_directories(o.outDir, ec);
    if (!fs::is_directory(o.outDir)) throw Error(o.outDir, "cannot create the output folder: " + ec.message());
    for (const char* sub : {"IRMAS-TrainingData", "IRMAS-TestingData"}) {
        const fs::path p = fs::path(o.outDir) / sub;
        if (!fs::exists(p)) continue;
        if (!o.overwrite) throw Error(o.outDir, std::string("already holds ") + sub + " (choose another folder, or --overwrite to replace it)");
        fs::remove_all(p, ec);
        if (ec) throw Error(p.string(), "cannot remove: " + ec.message());
    }
}

// Scales the piece to a loudness drawn for it (-24…-14 dBFS RMS) without exceeding the ceiling,
// as mastered recordings of different loudness.
void master(std::vector<float>& stereo, std::size_t from, std::mt19937_64& rng) {
    double sum = 0.0;
    float peak = 0.0f;
    for (std::size_t i = from; i < stereo.size(); ++i) {
        sum += double(stereo[i]) * stereo[i];
        peak = std::max(peak, std::fabs(stereo[i]));
    }
    const double rms = std::sqrt(sum / double(std::max<std::size_t>(1, stereo.size() - from)));
    if (rms <= 0.0 || peak <= 0.0f) return;
    const double target = std::pow(10.0, std::uniform_real_distribution<double>(-24.0, -14.0)(rng) / 20.0);
    const auto gain = static_cast<float>(std::min(target / rms, kPeakCeiling / peak));
    for (float& v : stereo) v *= gain;
}

using Pool = std::vector<const SoundFont*>;

std::vector<SynthFile> renderPiece(const PlannedPiece& piece, const Pool& pool, const AvailablePrograms& programs,
                                   const RenderVariation& variation, const fs::path& out) {
    double total = 0.0;
    for (const auto& e : piece.excerpts) total += e.seconds;
    const Score score = orchestrate(piece, programs, kPreRoll + total, variation);
    std::vector<float> stereo = render(pool, score, kRate);
    std::map<std::string, std::string> sources;
    for (const Part& part : score.parts)
        if (part.label >= 0)
            sources[data::classCode(part.label)] = fs::path(pool[static_cast<std::size_t>(part.source)]->path()).filename().string();
    const auto start = static_cast<std::size_t>(kPreRoll * kRate) * 2;
    std::mt19937_64 rng(piece.seed ^ 0x6d617374ULL);
    master(stereo, start, rng);

    data::LabelSet labels = 0;
    for (int c : piece.labelled) labels |= data::labelBit(c);
    std::vector<SynthFile> files;
    std::size_t offset = start;
    for (const auto& e : piece.excerpts) {
        const auto frames = static_cast<std::int64_t>(std::llround(e.seconds * kRate));
        const fs::path path = out / e.relativePath;
        audio::writeWav(path, stereo.data() + offset, frames, 2, kRate);
        if (piece.split == data::Split::Test)
            writeFileAtomically(fs::path(path).replace_extension(".txt").string(), data::formatLabelText(labels));
        offset += static_cast<std::size_t>(frames) * 2;
        files.push_back({e.relativePath, piece.split, labels, piece.recording, e.seconds, sources});
    }
    return files;
}

nlohmann::json fileNames(const std::vector<std::string>& paths) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& path : paths) names.push_back(fs::path(path).filename().string());
    return names;
}

void writeManifest(const SynthOptions& o, const std::vector<std::string>& soundFonts, const SynthReport& report) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : report.files)
        files.push_back({{"path", f.relativePath}, {"split", f.split == data::Split::Train ? "train" : "test"},
                         {"labels", data::labelString(f.labels)}, {"recording", f.recording}, {"seconds", f.seconds},
                         {"sources", f.sources}});
    const nlohmann::json names = fileNames(soundFonts);
    nlohmann::json manifest = {{"generator", "timbrescope-cli synth"}, {"seed", o.seed},
                               {"train_per_class", o.trainPerClass}, {"test_count", o.testCount},
                               {"soundfonts", names}, {"variation", o.variation.names()}, {"files", files}};
    if (soundFonts.size() == 1) manifest["soundfont"] = names.front();  // as manifests before pools said
    if (!o.accompaniment.empty()) manifest["accompaniment"] = fileNames(o.accompaniment);
    if (!o.classes.empty()) {
        nlohmann::json codes = nlohmann::json::array();
        for (int c : o.classes) codes.push_back(data::classCode(c));
        manifest["classes"] = codes;
    }
    writeFileAtomically((fs::path(o.outDir) / "timbrescope-synth.json").string(), manifest.dump(1) + "\n");
}

std::vector<std::unique_ptr<SoundFont>> loadPool(const std::vector<std::string>& paths) {
    std::vector<std::unique_ptr<SoundFont>> fonts;
    for (const auto& path : paths) fonts.push_back(std::make_unique<SoundFont>(path));
    return fonts;
}

Pool viewOf(const std::vector<std::unique_ptr<SoundFont>>& fonts) {
    Pool pool;
    for (const auto& f : fonts) pool.push_back(f.get());
    return pool;
}

} // namespace

std::vector<std::string> readSoundSet(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(path, "cannot read the sound-set file");
    std::vector<std::string> fonts;
    for (std::string line; std::getline(in, line);) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        const auto last = line.find_last_not_of(" \t\r");
        fs::path font = line.substr(first, last - first + 1);
        if (font.is_relative() && !isPhysicalModelSource(font.string())) font = fs::path(path).parent_path() / font;
        fonts.push_back(font.string());
    }
    if (fonts.empty()) throw Error(path, "the sound-set file names no SoundFont");
    return fonts;
}

SynthReport synthesizeDataset(const SynthOptions& options, const SynthProgress& progress) {
    validate(options);
    const std::vector<std::string> soundFonts = options.soundFonts.empty() ? std::vector<std::string>{kDefaultSoundFont} : options.soundFonts;
    // The accompaniment joins the pool after the instrument sources, which alone play labelled parts.
    std::vector<std::string> everySource = soundFonts;
    everySource.insert(everySource.end(), options.accompaniment.begin(), options.accompaniment.end());
    for (std::size_t i = 0; i < everySource.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (fs::path(everySource[i]).filename() == fs::path(everySource[j]).filename())
                throw Error(everySource[i], "is in the pool twice (sources are told apart by file name)");
    const auto begin = std::chrono::steady_clock::now();
    // Check the fonts (and that the pool covers every class) before touching the output folder.
    std::vector<std::vector<std::unique_ptr<SoundFont>>> pools;
    pools.push_back(loadPool(everySource));
    const AvailablePrograms programs = availablePrograms(viewOf(pools.front()), int(soundFonts.size()), options.classes);
    prepareOutput(options);

    const DatasetPlan plan = planDataset(options.trainPerClass, options.testCount, options.seed, options.classes);
    const int threads = std::min(resolveThreads(options.threads), std::max(1, int(plan.pieces.size())));
    // Each thread renders with its own copy of the pool: fluidsynth fonts are not shared across
    // threads. Thread t uses pool t; items are handed out dynamically, so map thread ids to pools.
    while (int(pools.size()) < threads) pools.push_back(loadPool(everySource));
    std::vector<Pool> views;
    for (const auto& p : pools) views.push_back(viewOf(p));
    std::mutex poolMutex;
    std::map<std::thread::id, const Pool*> poolOfThread;
    auto poolForThisThread = [&]() -> const Pool& {
        std::lock_guard<std::mutex> lock(poolMutex);
        auto [it, inserted] = poolOfThread.emplace(std::this_thread::get_id(), nullptr);
        if (inserted) it->second = &views[poolOfThread.size() - 1];
        return *it->second;
    };

    std::vector<std::vector<SynthFile>> results(plan.pieces.size());
    std::atomic<int> filesDone{0};
    parallelFor(
        plan.pieces.size(), threads,
        [&](std::size_t i) {
            results[i] = renderPiece(plan.pieces[i], poolForThisThread(), programs, options.variation, options.outDir);
            filesDone += int(results[i].size());
        },
        [&](std::size_t) {
            if (progress) progress(filesDone, plan.fileCount());
        });

    SynthReport report;
    for (auto& files : results)
        for (auto& f : files) {
            report.audioSeconds += f.seconds;
            report.files.push_back(std::move(f));
        }
    writeManifest(options, soundFonts, report);
    report.renderSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    return report;
}

} // namespace timbrescope::synth
