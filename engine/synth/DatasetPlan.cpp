#include "engine/synth/DatasetPlan.h"

#include "engine/data/IrmasName.h"

#include <algorithm>
#include <cstdio>
#include <random>

namespace timbrescope::synth {
namespace {

using Rng = std::mt19937_64;

int integer(Rng& rng, int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); }
double uniform(Rng& rng, double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }

// Genres in roughly IRMAS's proportions (pop-rock and classical dominate).
std::string randomGenre(Rng& rng) {
    const double r = uniform(rng, 0, 1);
    return r < 0.35 ? "pop_roc" : r < 0.6 ? "cla" : r < 0.75 ? "jaz_blu" : r < 0.88 ? "cou_fol" : "lat_sou";
}

// IRMAS test excerpts carry 1: 43 %, 2: 44 %, 3: 11 %, 4+: 2 % of labels.
int randomLabelCount(Rng& rng) {
    const double r = uniform(rng, 0, 1);
    return r < 0.43 ? 1 : r < 0.87 ? 2 : r < 0.98 ? 3 : 4;
}

std::string songTitle(Rng& rng) {
    static const char* const first[] = {"Blue", "Silver", "Quiet", "Golden", "Late", "Open", "Paper", "Summer", "Hollow",
                                        "Northern", "Velvet", "Broken", "Little", "Distant", "Autumn", "Electric"};
    static const char* const second[] = {"Harbour", "Road", "Morning", "River", "Letters", "Garden", "Lights", "Train",
                                         "Window", "Season", "Dancer", "Bridge", "Country", "Waltz", "Heart", "Skyline"};
    return std::string(first[integer(rng, 0, 15)]) + " " + second[integer(rng, 0, 15)];
}

} // namespace

int DatasetPlan::fileCount() const {
    int n = 0;
    for (const auto& p : pieces) n += int(p.excerpts.size());
    return n;
}

DatasetPlan planDataset(int trainPerClass, int testCount, std::uint64_t seed, const std::vector<int>& only) {
    const std::vector<int> rendered = data::classesOrAll(only);
    Rng rng(seed);
    DatasetPlan plan;
    for (int c : rendered) {
        const std::string code = data::classCode(c);
        for (int remaining = trainPerClass, id = 1; remaining > 0; ++id) {
            PlannedPiece piece;
            piece.seed = rng();
            piece.split = data::Split::Train;
            piece.labelled = {c};
            piece.genre = randomGenre(rng);
            piece.drums = piece.genre != "cla" && uniform(rng, 0, 1) < 0.5;
            piece.bass = uniform(rng, 0, 1) < 0.5;
            // The drum tag is optional in IRMAS names; a few files have a numeric prefix.
            const data::Drums tag = uniform(rng, 0, 1) < 0.15 ? data::Drums::Unknown
                                    : piece.drums             ? data::Drums::Present
                                                              : data::Drums::Absent;
            const int prefix = uniform(rng, 0, 1) < 0.25 ? integer(rng, 1, 999) : 0;
            const int excerpts = std::min(remaining, integer(rng, 1, 3));
            for (int k = 1; k <= excerpts; ++k) {
                const std::string name = data::formatTrainingName(code, tag, piece.genre, id, k, prefix);
                piece.excerpts.push_back({"IRMAS-TrainingData/" + code + "/" + name, 3.0});
            }
            piece.recording = data::parseTrainingName(piece.excerpts.front().relativePath.substr(
                                                          piece.excerpts.front().relativePath.rfind('/') + 1))
                                  .recording;
            remaining -= excerpts;
            plan.pieces.push_back(std::move(piece));
        }
    }
    for (int remaining = testCount, song = 1; remaining > 0; ++song) {
        PlannedPiece piece;
        piece.seed = rng();
        piece.split = data::Split::Test;
        std::vector<int> classes = rendered;
        std::shuffle(classes.begin(), classes.end(), rng);
        classes.resize(std::min(classes.size(), static_cast<std::size_t>(randomLabelCount(rng))));
        std::sort(classes.begin(), classes.end());
        piece.labelled = classes;
        piece.genre = randomGenre(rng);
        piece.drums = piece.genre != "cla" && uniform(rng, 0, 1) < 0.5;
        piece.bass = uniform(rng, 0, 1) < 0.6;
        char base[96];
        std::snprintf(base, sizeof base, "IRMAS-TestingData/Part%d/%02d - %s", (song - 1) % 3 + 1, song, songTitle(rng).c_str());
        piece.recording = base;
        const int excerpts = std::min(remaining, integer(rng, 1, 3));
        for (int k = 1; k <= excerpts; ++k)
            piece.excerpts.push_back({std::string(base) + "-" + std::to_string(k) + ".wav", std::round(uniform(rng, 5.0, 20.0) * 10) / 10});
        remaining -= excerpts;
        plan.pieces.push_back(std::move(piece));
    }
    return plan;
}

} // namespace timbrescope::synth
