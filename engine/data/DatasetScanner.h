#pragma once
// Reads an IRMAS-layout folder, real or generated:
//   - a dataset root holding IRMAS-TrainingData/ and any testing folders (e.g. the three real
//     IRMAS-TestingData-PartN/<odd nesting>/ archives, or IRMAS-TestingData/),
//   - an IRMAS-TrainingData folder itself (<code>/*.wav, class from the folder; .flac, .ogg
//     and .mp3 are read too),
//   - or any testing tree (name.wav, or .flac/.ogg/.mp3, beside name.txt, one code per line).
// Problems (unknown codes, unlabelled audio, empty class folders, stray files, unreadable audio,
// identical files with different labels) are collected as warnings naming the file; strict mode
// turns them into an error.

#include "engine/data/DatasetIndex.h"

#include <filesystem>
#include <string>

namespace timbrescope::data {

struct ScanOptions {
    bool strict = false;
    bool findDuplicates = true;  // hashes every file's content (remembered in the cache folder)
    std::string cacheDir;        // empty: datasetCacheDir(root)
};

// Throws Error naming the folder when it does not exist or holds no IRMAS data, and in strict
// mode when anything was found to warn about.
DatasetIndex scanDataset(const std::string& folder, const ScanOptions& options = {});

// What a folder's audio files may end in: ".wav, .flac, .ogg, .mp3, .opus, .m4a, .aac, .wma, .webm".
std::string audioExtensionList();
// A file the scanner takes for audio, by its extension (any case).
bool isAudioFile(const std::filesystem::path& path);

} // namespace timbrescope::data
