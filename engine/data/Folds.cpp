#include "engine/data/Folds.h"

#include "engine/core/Error.h"

#include <algorithm>
#include <array>
#include <map>
#include <random>

namespace timbrescope::data {

std::vector<int> assignFolds(const DatasetIndex& index, const std::vector<std::size_t>& entries, int k, std::uint64_t seed) {
    if (k < 2) throw Error("folds", std::to_string(k) + ": need at least 2 folds");
    struct Group {
        std::vector<std::size_t> members;  // positions in `entries`
        int stratum;                       // the class it counts toward: its lowest label
    };
    std::map<std::string, Group> byName;  // ordered: deterministic before shuffling
    for (std::size_t pos = 0; pos < entries.size(); ++pos) {
        const DatasetEntry& e = index.entries.at(entries[pos]);
        Group& g = byName[e.group];
        if (g.members.empty()) g.stratum = e.labels ? __builtin_ctz(e.labels) : 0;
        g.members.push_back(pos);
    }
    if (int(byName.size()) < k)
        throw Error("folds", std::to_string(k) + " folds need at least " + std::to_string(k) + " recordings, found " +
                                 std::to_string(byName.size()));

    std::vector<Group*> groups;
    for (auto& [name, g] : byName) groups.push_back(&g);
    std::mt19937_64 rng(seed);
    std::shuffle(groups.begin(), groups.end(), rng);
    // Largest recordings first, then each into the fold with the fewest files of its class
    // (ties: fewest files overall, then lowest fold): greedy balancing.
    std::stable_sort(groups.begin(), groups.end(), [](const Group* a, const Group* b) { return a->members.size() > b->members.size(); });
    std::vector<std::array<int, kClassCount>> perClass(static_cast<std::size_t>(k), std::array<int, kClassCount>{});
    std::vector<int> total(static_cast<std::size_t>(k), 0);
    std::vector<int> folds(entries.size(), 0);
    for (const Group* g : groups) {
        int best = 0;
        for (int f = 1; f < k; ++f) {
            const auto key = [&](int x) { return std::make_pair(perClass[std::size_t(x)][std::size_t(g->stratum)], total[std::size_t(x)]); };
            if (key(f) < key(best)) best = f;
        }
        perClass[std::size_t(best)][std::size_t(g->stratum)] += int(g->members.size());
        total[std::size_t(best)] += int(g->members.size());
        for (std::size_t pos : g->members) folds[pos] = best;
    }
    return folds;
}

} // namespace timbrescope::data
