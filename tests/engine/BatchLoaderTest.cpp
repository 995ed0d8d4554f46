// Batches from the cache: every segment once per epoch, shuffled per epoch and seed, correct
// tensors and multi-hot targets, prefetched without deadlock.

#include "engine/data/BatchLoader.h"
#include "engine/data/DatasetScanner.h"
#include "engine/synth/DatasetSynthesizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <set>

using namespace timbrescope;
using namespace timbrescope::data;

class BatchLoaderTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    DatasetIndex index_;
    std::unique_ptr<SegmentCache> cache_;
    std::unique_ptr<SegmentDataset> data_;
    std::vector<std::size_t> items_;

    std::vector<std::size_t> epochOrder(BatchLoader& loader, int epoch) {
        loader.startEpoch(epoch);
        std::vector<std::size_t> order;
        while (auto batch = loader.next()) order.insert(order.end(), batch->items.begin(), batch->items.end());
        return order;
    }

private Q_SLOTS:
    void initTestCase() {
        synth::SynthOptions o;
        o.outDir = dir_.path().toStdString();
        o.trainPerClass = 2;
        o.testCount = 3;
        synth::synthesizeDataset(o);
        index_ = scanDataset(dir_.path().toStdString());
        std::vector<std::size_t> all(index_.entries.size());
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
        cache_ = std::make_unique<SegmentCache>(dir_.filePath("cache").toStdString(), audio::PreprocessOptions{});
        data_ = std::make_unique<SegmentDataset>(SegmentDataset::load(index_, all, *cache_, 2));
        items_ = data_->itemsOf(all);
        QCOMPARE(items_.size(), data_->size());
        QVERIFY(data_->size() >= 22 * 3);
    }

    void batchesHoldTheSegmentsAndTheirLabels() {
        BatchLoader loader(*data_, items_, 16, true, 3);
        loader.startEpoch(0);
        std::size_t seen = 0, batches = 0;
        while (auto batch = loader.next()) {
            ++batches;
            const auto rows = static_cast<std::int64_t>(batch->items.size());
            QCOMPARE(batch->inputs.sizes().vec(), (std::vector<std::int64_t>{rows, 1, 22050}));
            QCOMPARE(batch->targets.sizes().vec(), (std::vector<std::int64_t>{rows, kClassCount}));
            for (std::int64_t r = 0; r < rows; ++r) {
                const std::size_t item = batch->items[std::size_t(r)];
                QCOMPARE(batch->inputs[r][0][777].item<float>(), data_->samples(item)[777]);
                for (int c = 0; c < kClassCount; ++c)
                    QCOMPARE(batch->targets[r][c].item<float>(), hasLabel(data_->labels(item), c) ? 1.0f : 0.0f);
            }
            seen += batch->items.size();
        }
        QCOMPARE(seen, items_.size());
        QCOMPARE(batches, loader.batchesPerEpoch());
    }

    void everyItemOncePerEpochInAFreshOrder() {
        BatchLoader loader(*data_, items_, 10, true, 7);
        const auto first = epochOrder(loader, 0), second = epochOrder(loader, 1);
        QCOMPARE(std::set<std::size_t>(first.begin(), first.end()).size(), items_.size());
        QCOMPARE(first.size(), items_.size());
        QVERIFY(first != second);
        BatchLoader again(*data_, items_, 10, true, 7);
        QCOMPARE(epochOrder(again, 1), second);  // a function of seed and epoch only
        BatchLoader ordered(*data_, items_, 10, false, 7);
        QCOMPARE(epochOrder(ordered, 0), items_);
    }

    void restartingOrDestroyingMidEpochIsSafe() {
        auto loader = std::make_unique<BatchLoader>(*data_, items_, 4, true, 1, 1);
        loader->startEpoch(0);
        QVERIFY(loader->next().has_value());
        loader->startEpoch(1);  // abandon epoch 0 with batches still queued
        QCOMPARE(epochOrder(*loader, 1).size(), items_.size());
        loader->startEpoch(2);
        loader->next();
        loader.reset();  // the producer thread is stopped and joined
        QVERIFY(true);
    }
};

QTEST_GUILESS_MAIN(BatchLoaderTest)
#include "BatchLoaderTest.moc"
