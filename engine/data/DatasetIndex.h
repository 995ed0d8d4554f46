#pragma once
// What a scan of an IRMAS-layout folder found: every usable excerpt with its labels and
// recording group, duplicates, and every problem, each naming its file.

#include "engine/data/Instruments.h"
#include "engine/data/IrmasName.h"

#include <cstdint>
#include <string>
#include <vector>

namespace timbrescope::data {

enum class Split { Train, Test };

struct DatasetEntry {
    std::string path;          // absolute
    std::string relativePath;  // to the dataset root, for display
    Split split = Split::Train;
    LabelSet labels = 0;
    // Files of one recording (training) or song (testing) share this key: they must never be
    // split between a training and a validation fold.
    std::string group;
    Drums drums = Drums::Unknown;
    std::string genre;
    int sampleRate = 0;
    std::int64_t frames = 0;
    int channels = 0;
    std::uint64_t contentHash = 0;  // 0 when duplicates were not searched for

    double seconds() const { return sampleRate > 0 ? double(frames) / sampleRate : 0.0; }
};

struct ScanWarning {
    std::string path;
    std::string message;
};

// Byte-identical files.
struct DuplicateGroup {
    std::vector<std::size_t> entries;  // indices into DatasetIndex::entries
    bool conflictingLabels = false;
};

struct DatasetIndex {
    std::string root;  // absolute
    std::vector<DatasetEntry> entries;
    std::vector<ScanWarning> warnings;
    std::vector<DuplicateGroup> duplicates;

    std::vector<std::size_t> indicesOf(Split split) const;
};

} // namespace timbrescope::data
