#include "app/cli/InfoCommand.h"

#include "engine/audio/LevelMeter.h"
#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"
#include "engine/core/Error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace timbrescope::cli {
namespace {

using audio::LevelMeter;

struct FileReport {
    audio::Track track;
    std::size_t segments = 0;
    std::size_t silentSegments = 0;
    double unanalysedSeconds = 0.0;  // the partial last second no segment covers
};

FileReport analyse(const std::string& path, const audio::PreprocessOptions& options) {
    FileReport report;
    report.track = audio::loadTrack(path, options);
    const std::vector<float> levels = audio::segmentRms(report.track.mono, options);
    report.segments = levels.size();
    for (float rms : levels) report.silentSegments += audio::isSilent(rms, options);
    report.unanalysedSeconds =
        double(audio::unanalysedTail(std::int64_t(report.track.mono.size()), options.segmentLength, options.hop)) / options.sampleRate;
    return report;
}

std::string dbfs(float linear) {
    const double db = LevelMeter::toDbfs(linear);
    if (std::isinf(db)) return "-inf dBFS";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f dBFS", db);
    return text;
}

std::string seconds(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", value);
    return text;
}

// Segments drop a partial tail, as the paper's evaluation does; say how much, so it is not a surprise.
std::string unanalysedNote(double seconds) {
    if (seconds <= 0.0) return "";
    char text[96];
    std::snprintf(text, sizeof text, "; the last %.3f s not analysed (shorter than a segment)", seconds);
    return text;
}

void printText(const FileReport& r, const audio::PreprocessOptions& options) {
    const audio::Track& t = r.track;
    char duration[64];
    std::snprintf(duration, sizeof duration, "%.3f s (%lld frames)", t.durationSeconds(),
                  static_cast<long long>(t.frames));
    std::cout << t.source.path << "\n"
              << "  format    " << t.source.format << ", " << t.source.encoding << "\n"
              << "  decoder   " << t.source.decoder << "\n"
              << "  channels  " << t.source.channels << "\n"
              << "  rate      " << t.source.sampleRate << " Hz\n"
              << "  duration  " << duration << "\n"
              << "  segments  " << r.segments << " x " << seconds(double(options.segmentLength) / options.sampleRate)
              << " at " << options.sampleRate << " Hz, hop " << seconds(double(options.hop) / options.sampleRate)
              << ", " << r.silentSegments << " silent" << unanalysedNote(r.unanalysedSeconds) << "\n"
              << "  peak      " << dbfs(t.peak) << "\n"
              << "  rms       " << dbfs(t.rms) << "\n";
}

nlohmann::json toJson(const FileReport& r) {
    const audio::Track& t = r.track;
    auto level = [](float linear) -> nlohmann::json {
        const double db = LevelMeter::toDbfs(linear);
        return std::isinf(db) ? nlohmann::json(nullptr) : nlohmann::json(db);
    };
    return {{"file", t.source.path},      {"format", t.source.format},
            {"encoding", t.source.encoding}, {"decoder", t.source.decoder}, {"channels", t.source.channels},
            {"sample_rate", t.source.sampleRate}, {"frames", t.frames},
            {"duration_s", t.durationSeconds()}, {"segments", r.segments},
            {"silent_segments", r.silentSegments}, {"unanalysed_s", r.unanalysedSeconds}, {"peak_dbfs", level(t.peak)},
            {"rms_dbfs", level(t.rms)},       {"warnings", t.warnings}};
}

int run(Arguments& args) {
    audio::PreprocessOptions options;
    const bool json = args.takeFlag("--json");
    if (auto hop = args.takePositiveSeconds("--hop"))
        options.hop = std::max(1, static_cast<int>(std::lround(*hop * options.sampleRate)));
    if (auto converter = args.takeValue("--converter")) {
        try {
            options.converter = audio::parseConverter(*converter);
        } catch (const Error& e) {
            throw Error("--converter", e.reason());
        }
    }
    const std::vector<std::string> files = args.positionals();
    if (files.empty()) throw Error("info", "no files given (usage: timbrescope-cli info FILE...)");

    nlohmann::json reports = nlohmann::json::array();
    int failures = 0;
    for (const auto& path : files) {
        try {
            const FileReport report = analyse(path, options);
            for (const auto& w : report.track.warnings) std::cerr << "warning: " << path << ": " << w << "\n";
            if (json)
                reports.push_back(toJson(report));
            else
                printText(report, options);
        } catch (const Error& e) {
            // One bad file does not stop the others.
            ++failures;
            std::cerr << "error: " << e.what() << "\n";
            if (json) reports.push_back({{"file", path}, {"error", e.reason()}});
        }
    }
    if (json) std::cout << reports.dump(2) << "\n";
    return failures == 0 ? 0 : 1;
}

} // namespace

Command infoCommand() {
    return {"info", "describe audio files: format, channels, rate, duration, 1-s segments, levels",
            "usage: timbrescope-cli info [--json] [--hop SECONDS] [--converter NAME] FILE...\n"
            "\n"
            "Decodes each file as the models see it (mono, 22050 Hz, 1-s segments) and prints its\n"
            "format, channels, sample rate, duration, number of segments (and how many are silent),\n"
            "peak and RMS level. A file that cannot be used gets one 'error: FILE: reason' line on\n"
            "stderr; the others are still processed, and the exit status is 1.\n"
            "\n"
            "  --json             print a JSON array, one object per file\n"
            "  --hop SECONDS      segment hop (default 1 = no overlap)\n"
            "  --converter NAME   resampler: kaiser-best (default), sinc-best, sinc-medium, sinc-fastest, zoh, linear\n",
            run};
}

} // namespace timbrescope::cli
