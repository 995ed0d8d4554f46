#include "app/cli/PrepareCommand.h"

#include "engine/core/Error.h"
#include "engine/data/BatchLoader.h"
#include "engine/data/CacheLocation.h"
#include "engine/data/DatasetScanner.h"
#include "engine/data/Folds.h"
#include "engine/data/SegmentDataset.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace timbrescope::cli {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int run(Arguments& args) {
    const int threads = args.takeInteger("--threads", 0, 0, 256);
    const int batch = args.takeInteger("--batch", 64, 1, 65536);
    const int folds = args.takeInteger("--folds", 5, 2, 100);
    const int seed = args.takeInteger("--seed", 1, 0, 1 << 30);
    const std::string cacheOverride = args.takeValue("--cache").value_or("");
    const std::vector<std::string> folders = args.positionals();
    if (folders.size() != 1) throw Error("prepare", "give exactly one dataset folder (usage: timbrescope-cli prepare DIR)");

    data::ScanOptions scanOptions;
    scanOptions.cacheDir = cacheOverride;
    const data::DatasetIndex index = data::scanDataset(folders.front(), scanOptions);
    const std::string cacheDir = cacheOverride.empty() ? data::datasetCacheDir(index.root) : cacheOverride;
    std::vector<std::size_t> all(index.entries.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;

    data::SegmentCache cache(cacheDir, audio::PreprocessOptions{});
    auto start = Clock::now();
    const data::SegmentDataset dataset = data::SegmentDataset::load(index, all, cache, threads);
    const double loadSeconds = since(start);
    std::printf("Cache %s\n  %zu files: %d already cached, %d decoded, %d damaged entries rebuilt, in %.2f s\n"
                "  %zu segments (%zu silent ones left out)\n",
                cache.folder().c_str(), all.size(), cache.hits(), cache.built(), cache.rebuilt(), loadSeconds,
                dataset.size(), dataset.silentSkipped());

    const std::vector<std::size_t> training = index.indicesOf(data::Split::Train);
    if (training.size() >= static_cast<std::size_t>(folds)) {
        const std::vector<int> assignment = data::assignFolds(index, training, folds, static_cast<std::uint64_t>(seed));
        std::vector<int> perFold(static_cast<std::size_t>(folds), 0);
        for (int f : assignment) ++perFold[static_cast<std::size_t>(f)];
        std::printf("Folds (%d, grouped by recording, stratified by class, seed %d): training files per fold", folds, seed);
        for (int n : perFold) std::printf(" %d", n);
        std::printf("\n");
    }

    data::BatchLoader loader(dataset, dataset.itemsOf(all), batch, true, static_cast<std::uint64_t>(seed));
    start = Clock::now();
    loader.startEpoch(0);
    std::size_t segments = 0;
    while (auto b = loader.next()) segments += b->items.size();
    const double epochSeconds = since(start);
    std::printf("Batch loader: one shuffled epoch of %zu segments in batches of %d: %.3f s, %.0f segments/s\n", segments,
                batch, epochSeconds, segments / std::max(epochSeconds, 1e-9));
    return 0;
}

} // namespace

Command prepareCommand() {
    return {"prepare", "preprocess a dataset into its segment cache, show its folds, measure the batch loader",
            "usage: timbrescope-cli prepare [--threads N] [--batch B] [--folds K] [--seed S] [--cache DIR] DIR\n"
            "\n"
            "Decodes every file of the dataset once (mono, 22050 Hz, 1-s RMS-normalised segments) into\n"
            "the segment cache (DIR/.timbrescope-cache unless --cache), reusing entries already there,\n"
            "prints the K training folds (grouped by recording, stratified by class) and the speed of\n"
            "one shuffled epoch through the batch loader.\n",
            run};
}

} // namespace timbrescope::cli
