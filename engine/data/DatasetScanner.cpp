#include "engine/data/DatasetScanner.h"

#include "engine/audio/AudioError.h"
#include "engine/audio/AudioFileReader.h"
#include "engine/core/Error.h"
#include "engine/data/CacheLocation.h"
#include "engine/data/ContentHash.h"
#include "engine/data/DegradeFolder.h"
#include "engine/data/LabelFile.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <set>

namespace timbrescope::data {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTrainingFolder = "IRMAS-TrainingData";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool hasExtension(const fs::path& p, const char* ext) { return lower(p.extension().string()) == ext; }

// IRMAS ships .wav; a dataset of the user's own (or the bundled demo tracks) may use any format
// the decoder reads.
// libsndfile's, then FFmpeg's (audio/FfmpegDecoder.h).
constexpr std::array<const char*, 9> kAudioExtensions = {".wav", ".flac", ".ogg", ".mp3", ".opus", ".m4a", ".aac", ".wma", ".webm"};

// Directory entries sorted by name, so scans (and everything built on them) are deterministic.
std::vector<fs::directory_entry> sortedChildren(const fs::path& dir) {
    std::vector<fs::directory_entry> children{fs::directory_iterator(dir), fs::directory_iterator()};
    std::sort(children.begin(), children.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    return children;
}

class Scanner {
public:
    Scanner(fs::path root, const ScanOptions& options) : options_(options) { index_.root = root.string(); }

    DatasetIndex run() {
        const fs::path root = index_.root;
        if (fs::is_directory(root / kTrainingFolder)) {
            scanTraining(root / kTrainingFolder);
            for (const auto& child : sortedChildren(root)) {
                if (child.path().filename() == kTrainingFolder || isCache(child.path())) continue;
                if (child.is_directory()) scanTesting(child.path());
                else if (isAudioFile(child.path())) warn(child.path(), "audio file outside the dataset folders (ignored)");
            }
        } else if (root.filename() == kTrainingFolder || hasClassFolders(root)) {
            scanTraining(root);
        } else {
            scanTesting(root);
        }
        if (index_.entries.empty() && index_.warnings.empty())
            throw Error(index_.root, "no IRMAS data found (expected IRMAS-TrainingData/<class>/*.wav, or audio "
                                     "files with *.txt labels beside them)");
        if (options_.findDuplicates) findDuplicates();
        return std::move(index_);
    }

private:
    static bool isCache(const fs::path& p) { return p.filename() == kCacheFolderName; }

    static bool hasClassFolders(const fs::path& dir) {
        for (const auto& child : sortedChildren(dir))
            if (child.is_directory() && classIndex(child.path().filename().string())) return true;
        return false;
    }

    void warn(const fs::path& path, const std::string& message) { index_.warnings.push_back({path.string(), message}); }

    std::string relative(const fs::path& p) const { return p.lexically_relative(index_.root).string(); }

    // Reads the header only (no decoding); an unusable file becomes a warning.
    bool addEntry(DatasetEntry entry) {
        try {
            audio::AudioFileReader reader(entry.path);
            entry.sampleRate = reader.info().sampleRate;
            entry.channels = reader.info().channels;
            entry.frames = reader.info().declaredFrames;
        } catch (const audio::AudioError& e) {
            warn(entry.path, "unusable audio (ignored): " + e.reason());
            return false;
        }
        index_.entries.push_back(std::move(entry));
        return true;
    }

    void scanTraining(const fs::path& dir) {
        std::set<int> classesSeen;
        for (const auto& child : sortedChildren(dir)) {
            const std::string name = child.path().filename().string();
            if (isCache(child.path())) continue;
            if (!child.is_directory()) {
                warn(child.path(), "stray file in the training folder (ignored): expected only class folders");
                continue;
            }
            const auto classId = classIndex(name);
            if (!classId) {
                warn(child.path(), "unknown class folder '" + name + "' (not one of the 11 IRMAS codes): its files are ignored");
                continue;
            }
            if (scanClassFolder(child.path(), *classId) > 0) classesSeen.insert(*classId);
            else warn(child.path(), "empty class folder: no audio files");
        }
        if (!classesSeen.empty())
            for (int c = 0; c < kClassCount; ++c)
                if (!classesSeen.count(c)) warn(dir / classCode(c), "no training files for class " + classCode(c));
    }

    int scanClassFolder(const fs::path& dir, int classId) {
        int added = 0;
        for (const auto& file : sortedChildren(dir)) {
            const std::string name = file.path().filename().string();
            if (file.is_directory()) {
                warn(file.path(), "unexpected folder inside a class folder (ignored)");
                continue;
            }
            if (!isAudioFile(file.path())) {
                warn(file.path(), "stray file (ignored): not an audio file (" + audioExtensionList() + ")");
                continue;
            }
            const TrainingName parsed = parseTrainingName(name);
            if (!parsed.classTag.empty() && parsed.classTag != classCode(classId))
                warn(file.path(), "name tag [" + parsed.classTag + "] differs from its class folder '" + classCode(classId) +
                                      "' (the folder wins)");
            DatasetEntry e;
            e.path = file.path().string();
            e.relativePath = relative(file.path());
            e.split = Split::Train;
            e.labels = labelBit(classId);
            e.group = "train:" + parsed.recording;  // same name in two class folders = same recording
            e.drums = parsed.drums;
            e.genre = parsed.genre;
            added += addEntry(std::move(e));
        }
        return added;
    }

    void scanTesting(const fs::path& dir) {
        std::vector<fs::path> files;
        for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
            if (it->is_directory() && isCache(it->path())) {
                it.disable_recursion_pending();
                continue;
            }
            // A degraded copy's own record is not a stray file.
            if (!it->is_directory() && it->path().filename() != kDegradeManifest) files.push_back(it->path());
        }
        std::sort(files.begin(), files.end());
        const std::set<fs::path> present(files.begin(), files.end());
        for (const fs::path& file : files) {
            if (hasExtension(file, ".txt")) {
                const bool matched = std::any_of(kAudioExtensions.begin(), kAudioExtensions.end(), [&](const char* ext) {
                    return present.count(fs::path(file).replace_extension(ext)) > 0;
                });
                if (!matched) warn(file, "label file without a matching audio file (ignored)");
                continue;
            }
            if (!isAudioFile(file)) {
                warn(file, "stray file (ignored): neither audio (" + audioExtensionList() + ") nor a .txt label file");
                continue;
            }
            const fs::path labelPath = fs::path(file).replace_extension(".txt");
            if (!present.count(labelPath)) {
                warn(file, "no label file " + labelPath.filename().string() + " beside it (ignored)");
                continue;
            }
            ParsedLabels parsed;
            try {
                parsed = readLabelFile(labelPath.string());
            } catch (const Error& e) {
                warn(labelPath, e.reason());
                continue;
            }
            if (parsed.notText) {
                warn(labelPath, "not a text label file (binary content): excerpt ignored");
                continue;
            }
            for (const auto& code : parsed.unknownCodes)
                warn(labelPath, "unknown class code '" + code + "' (ignored)");
            if (parsed.labels == 0) {
                warn(labelPath, "no known class codes: excerpt ignored");
                continue;
            }
            DatasetEntry e;
            e.path = file.string();
            e.relativePath = relative(file);
            e.split = Split::Test;
            e.labels = parsed.labels;
            e.group = "test:" + (file.parent_path() / testSong(file.filename().string())).string();
            addEntry(std::move(e));
        }
    }

    void findDuplicates() {
        FileHashCache hashes(fs::path(options_.cacheDir.empty() ? datasetCacheDir(index_.root) : options_.cacheDir) /
                             "file-hashes.txt");
        std::map<std::pair<std::uint64_t, std::int64_t>, std::vector<std::size_t>> byContent;
        for (std::size_t i = 0; i < index_.entries.size(); ++i) {
            DatasetEntry& e = index_.entries[i];
            e.contentHash = hashes.hash(e.path);
            byContent[{e.contentHash, static_cast<std::int64_t>(fs::file_size(e.path))}].push_back(i);
        }
        if (const std::string problem = hashes.save(); !problem.empty()) warn(index_.root, "file hashes not cached: " + problem);
        for (auto& [key, members] : byContent) {
            if (members.size() < 2) continue;
            DuplicateGroup group{members, false};
            for (std::size_t m : members)
                group.conflictingLabels |= index_.entries[m].labels != index_.entries[members.front()].labels;
            if (group.conflictingLabels) {
                std::string list;
                for (std::size_t m : members)
                    list += "\n    " + index_.entries[m].relativePath + " (" + labelString(index_.entries[m].labels) + ")";
                warn(index_.entries[members.front()].path, "byte-identical files with different labels:" + list);
            }
            index_.duplicates.push_back(std::move(group));
        }
    }

    ScanOptions options_;
    DatasetIndex index_;
};

} // namespace

std::string audioExtensionList() {
    std::string list;
    for (const char* ext : kAudioExtensions) list += (list.empty() ? "" : ", ") + std::string(ext);
    return list;
}

bool isAudioFile(const fs::path& p) {
    return std::any_of(kAudioExtensions.begin(), kAudioExtensions.end(), [&](const char* ext) { return hasExtension(p, ext); });
}

std::vector<std::size_t> DatasetIndex::indicesOf(Split split) const {
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].split == split) indices.push_back(i);
    return indices;
}

DatasetIndex scanDataset(const std::string& folder, const ScanOptions& options) {
    std::error_code ec;
    if (!fs::exists(folder, ec)) throw Error(folder, "no such folder");
    if (!fs::is_directory(folder, ec)) throw Error(folder, "not a folder");
    DatasetIndex index;
    try {
        index = Scanner(fs::canonical(folder), options).run();
    } catch (const fs::filesystem_error& e) {
        throw Error(e.path1().empty() ? folder : e.path1().string(), e.code().message());
    }
    if (options.strict && !index.warnings.empty()) {
        const ScanWarning& first = index.warnings.front();
        throw Error(folder, std::to_string(index.warnings.size()) + " problem(s) found (strict mode); first: " +
                                first.path + ": " + first.message);
    }
    return index;
}

} // namespace timbrescope::data
