#pragma once
// A degraded copy of a test set: every track of a folder through the training-time effects chain
// (rooms, noise, filters, codecs ...), labels copied beside it. Clean synthesised test music does
// not ask a model for the invariances that real recordings and users' MP3s need; scored on this
// copy, a model shows what its invariances are worth.

#include "engine/augment/EffectOptions.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace timbrescope::data {

// The record a degraded copy keeps at its root (scans of the copy pass over it).
inline constexpr const char* kDegradeManifest = "timbrescope-degrade.json";

struct DegradeSummary {
    int tracks = 0;                       // audio files written
    int labels = 0;                       // label files (.txt) copied
    std::map<std::string, int> applied;   // effect name → tracks it was applied to
};

// Reads every audio file under `in` (any format AudioFileReader opens, recursively), mixes it to
// mono, applies the chain (each track's draw seeded by `seed` and its path inside `in`, so a track
// is degraded the same way in any order), restores its level (peak at most 0.99) and writes it as
// a 16-bit WAV at its own rate under `out` at the same relative path; copies .txt files as they
// are; writes out/timbrescope-degrade.json (options, seed, the effects of each track).
// Throws Error naming the folder when `in` is not a folder, `out` is or lies inside `in`, `out`
// already holds files, or the options do nothing; a track that cannot be read throws its AudioError
// (files already written stay; nothing is half-written).
DegradeSummary degradeFolder(const std::filesystem::path& in, const std::filesystem::path& out, const augment::EffectOptions& options,
                             std::uint64_t seed, const std::function<void(int done, int total)>& progress = {});

} // namespace timbrescope::augment
