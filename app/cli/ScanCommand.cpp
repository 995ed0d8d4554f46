#include "app/cli/ScanCommand.h"

#include "engine/core/Error.h"
#include "engine/data/DatasetScanner.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <set>

namespace timbrescope::cli {
namespace {

using namespace data;

// Per-split totals, per class and overall.
struct SplitSummary {
    struct Count {
        int files = 0;
        std::set<std::string> groups;
        double seconds = 0.0;
    };
    Count total;
    std::array<Count, kClassCount> perClass;
    std::map<int, int> labelHistogram;  // labels per excerpt → excerpts
};

SplitSummary summarise(const DatasetIndex& index, Split split) {
    SplitSummary s;
    for (std::size_t i : index.indicesOf(split)) {
        const DatasetEntry& e = index.entries[i];
        for (SplitSummary::Count* c : {&s.total}) ++c->files, c->groups.insert(e.group), c->seconds += e.seconds();
        for (int k : labelIndices(e.labels)) {
            auto& c = s.perClass[static_cast<std::size_t>(k)];
            ++c.files, c.groups.insert(e.group), c.seconds += e.seconds();
        }
        ++s.labelHistogram[labelCount(e.labels)];
    }
    return s;
}

std::string fixed(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string pad(const std::string& s, std::size_t width) { return s.size() >= width ? s : std::string(width - s.size(), ' ') + s; }

void printText(const DatasetIndex& index) {
    std::cout << "Dataset " << index.root << "\n";
    const SplitSummary train = summarise(index, Split::Train), test = summarise(index, Split::Test);
    if (train.total.files > 0) {
        std::cout << "Training: " << train.total.files << " files, " << train.total.groups.size() << " recordings, "
                  << fixed(train.total.seconds, 1) << " s\n"
                  << "  class  files  recordings  seconds\n";
        for (int c = 0; c < kClassCount; ++c) {
            const auto& k = train.perClass[static_cast<std::size_t>(c)];
            std::cout << "  " << classCode(c) << "  " << pad(std::to_string(k.files), 7) << pad(std::to_string(k.groups.size()), 12)
                      << pad(fixed(k.seconds, 1), 9) << "\n";
        }
    }
    if (test.total.files > 0) {
        std::cout << "Testing: " << test.total.files << " excerpts from " << test.total.groups.size() << " songs, "
                  << fixed(test.total.seconds, 1) << " s\n  labels per excerpt:";
        for (const auto& [labels, count] : test.labelHistogram) std::cout << "  " << labels << ": " << count;
        std::cout << "\n  class  excerpts  seconds\n";
        for (int c = 0; c < kClassCount; ++c) {
            const auto& k = test.perClass[static_cast<std::size_t>(c)];
            std::cout << "  " << classCode(c) << "  " << pad(std::to_string(k.files), 10) << pad(fixed(k.seconds, 1), 9) << "\n";
        }
    }
    int conflicting = 0;
    for (const auto& d : index.duplicates) conflicting += d.conflictingLabels;
    std::cout << "Duplicates: " << index.duplicates.size() << " group(s) of byte-identical files (" << conflicting
              << " with conflicting labels)\n";
    for (const auto& d : index.duplicates) {
        std::cout << "  ";
        for (std::size_t m : d.entries) std::cout << (m == d.entries.front() ? "" : " = ") << index.entries[m].relativePath;
        std::cout << "\n";
    }
    std::cout << "Warnings: " << index.warnings.size() << "\n";
    for (const auto& w : index.warnings) std::cout << "  " << w.path << ": " << w.message << "\n";
}

nlohmann::json splitJson(const SplitSummary& s) {
    nlohmann::json perClass = nlohmann::json::object();
    for (int c = 0; c < kClassCount; ++c) {
        const auto& k = s.perClass[static_cast<std::size_t>(c)];
        perClass[classCode(c)] = {{"files", k.files}, {"groups", k.groups.size()}, {"seconds", k.seconds}};
    }
    nlohmann::json histogram = nlohmann::json::object();
    for (const auto& [labels, count] : s.labelHistogram) histogram[std::to_string(labels)] = count;
    return {{"files", s.total.files}, {"groups", s.total.groups.size()}, {"seconds", s.total.seconds},
            {"per_class", perClass}, {"labels_per_file", histogram}};
}

nlohmann::json toJson(const DatasetIndex& index) {
    nlohmann::json files = nlohmann::json::array(), duplicates = nlohmann::json::array(), warnings = nlohmann::json::array();
    for (const auto& e : index.entries) {
        nlohmann::json labels = nlohmann::json::array();
        for (int c : labelIndices(e.labels)) labels.push_back(classCode(c));
        files.push_back({{"path", e.relativePath}, {"split", e.split == Split::Train ? "train" : "test"},
                         {"labels", labels}, {"group", e.group}, {"seconds", e.seconds()}});
    }
    for (const auto& d : index.duplicates) {
        nlohmann::json members = nlohmann::json::array();
        for (std::size_t m : d.entries) members.push_back(index.entries[m].relativePath);
        duplicates.push_back({{"files", members}, {"conflicting_labels", d.conflictingLabels}});
    }
    for (const auto& w : index.warnings) warnings.push_back({{"path", w.path}, {"message", w.message}});
    return {{"root", index.root}, {"training", splitJson(summarise(index, Split::Train))},
            {"testing", splitJson(summarise(index, Split::Test))}, {"files", files},
            {"duplicates", duplicates}, {"warnings", warnings}};
}

int run(Arguments& args) {
    ScanOptions options;
    const bool json = args.takeFlag("--json");
    options.strict = args.takeFlag("--strict");
    options.findDuplicates = !args.takeFlag("--no-duplicates");
    if (auto cache = args.takeValue("--cache")) options.cacheDir = *cache;
    const std::vector<std::string> folders = args.positionals();
    if (folders.size() != 1) throw Error("scan", "give exactly one folder (usage: timbrescope-cli scan [--strict] DIR)");
    const DatasetIndex index = scanDataset(folders.front(), options);
    if (json) std::cout << toJson(index).dump(2) << "\n";
    else printText(index);
    return 0;
}

} // namespace

Command scanCommand() {
    return {"scan", "summarise an IRMAS-layout dataset folder: classes, recordings, labels, duplicates, warnings",
            "usage: timbrescope-cli scan [--strict] [--json] [--no-duplicates] [--cache DIR] DIR\n"
            "\n"
            "Reads DIR in the IRMAS layout (a root with IRMAS-TrainingData/ and testing folders, a\n"
            "training folder, or a testing tree of name.wav + name.txt) and prints files, recordings\n"
            "and seconds per class, the labels-per-excerpt histogram of test sets, byte-identical\n"
            "files, and every problem found, each naming its file.\n"
            "\n"
            "  --strict          treat any problem as an error (exit status 2)\n"
            "  --json            print the summary, every file and every problem as JSON\n"
            "  --no-duplicates   skip content hashing (faster on a first scan of a large set)\n"
            "  --cache DIR       where to remember file hashes (default: DIR/.timbrescope-cache)\n",
            run};
}

} // namespace timbrescope::cli
