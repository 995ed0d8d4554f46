// Batches from the cache: every segment once per epoch, shuffled per epoch and seed, correct
// tensors and multi-hot targets, prefetched without deadlock.

#include "engine/core/Error.h"
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

    void mixturesAreMultiLabelUnitRmsAndReproducible() {
        MixingOptions mixing;
        mixing.share = 1.0;
        mixing.maxSources = 3;
        const auto epoch = [&](int e) {
            BatchLoader loader(*data_, items_, 16, true, 5, 2, Augmentation{mixing, {}});
            loader.startEpoch(e);
            std::vector<at::Tensor> inputs, targets;
            std::vector<std::size_t> items;
            while (auto batch = loader.next()) {
                inputs.push_back(batch->inputs);
                targets.push_back(batch->targets);
                items.insert(items.end(), batch->items.begin(), batch->items.end());
            }
            return std::make_tuple(torch::cat(inputs), torch::cat(targets), items);
        };
        const auto [inputs, targets, items] = epoch(0);
        QCOMPARE(std::size_t(inputs.size(0)), items_.size());
        const at::Tensor counts = targets.sum(1);
        QVERIFY2(counts.min().item<float>() >= 2.0f && counts.max().item<float>() <= 3.0f, "2 or 3 instruments per mixture");
        QVERIFY(counts.max().item<float>() == 3.0f);
        for (std::size_t r = 0; r < items.size(); ++r)
            for (int c : labelIndices(data_->labels(items[r])))
                QCOMPARE(targets[std::int64_t(r)][c].item<float>(), 1.0f);  // the first source's labels are kept
        const at::Tensor rms = inputs.pow(2).mean({1, 2}).sqrt();
        QVERIFY((rms - 1).abs().max().item<float>() < 1e-3);
        QVERIFY(torch::equal(inputs, std::get<0>(epoch(0))));   // the same (seed, epoch): the same mixtures
        QVERIFY(!torch::equal(inputs, std::get<0>(epoch(1))));  // a new epoch: new ones
    }

    void aMixtureIsTheSumOfItsSourcesAtGainsInRange() {
        MixingOptions mixing;
        mixing.share = 1.0;
        mixing.maxSources = 2;
        mixing.minGainDb = -6.0;
        std::mt19937_64 rng(3);
        const std::size_t first = items_.front();
        std::vector<float> out(22050);
        const LabelSet labels = mixExample(*data_, first, items_, mixing, rng, out.data());
        QCOMPARE(labelCount(labels), 2);
        // The partner: the item whose labels complete the mixture and whose samples explain the rest.
        const at::Tensor a = torch::from_blob(const_cast<float*>(data_->samples(first)), {22050});
        const at::Tensor y = torch::from_blob(out.data(), {22050});
        double bestResidual = 1e9, ratio = 0;
        for (std::size_t item : items_) {
            if (data_->labels(item) != (labels & ~data_->labels(first))) continue;
            const at::Tensor b = torch::from_blob(const_cast<float*>(data_->samples(item)), {22050});
            const at::Tensor basis = torch::stack({a, b}, 1);  // least squares: y ≈ ga·a + gb·b
            const at::Tensor g = std::get<0>(at::linalg_lstsq(basis, y.unsqueeze(1)));
            const double residual = (basis.mm(g).squeeze(1) - y).abs().max().item<double>();
            if (residual < bestResidual) bestResidual = residual, ratio = (g[1] / g[0]).item<double>();
        }
        QVERIFY2(bestResidual < 1e-4, "the mixture is a weighted sum of its two sources");
        QVERIFY2(ratio > std::pow(10.0, -6.0 / 20) - 1e-3 && ratio < std::pow(10.0, 6.0 / 20) + 1e-3, "gains within -6..0 dB of each other");
    }

    void equalisedExamplesKeepUnitRmsAndTheirLabels() {
        Augmentation augmentation;
        augmentation.equaliser.share = 1.0;
        BatchLoader plain(*data_, items_, 16, false, 4), equalised(*data_, items_, 16, false, 4, 2, augmentation);
        plain.startEpoch(0);
        equalised.startEpoch(0);
        const Batch a = *plain.next(), b = *equalised.next();
        QCOMPARE(a.items, b.items);
        QVERIFY(torch::equal(a.targets, b.targets));
        QVERIFY(!torch::allclose(a.inputs, b.inputs, 1e-3, 1e-3));
        QVERIFY((b.inputs.pow(2).mean({1, 2}).sqrt() - 1).abs().max().item<float>() < 1e-3);
        augmentation.equaliser.maxGainDb = 0;
        QVERIFY_THROWS_EXCEPTION(Error, BatchLoader(*data_, items_, 8, true, 1, 2, augmentation));
    }

    void effectsChangeExamplesKeepLabelsAndRepeatPerEpoch() {
        Augmentation augmentation;
        augmentation.effects.pitchShare = augmentation.effects.roomShare = augmentation.effects.noiseShare = 1.0;
        BatchLoader plain(*data_, items_, 16, false, 4), affected(*data_, items_, 16, false, 4, 2, augmentation);
        plain.startEpoch(0);
        affected.startEpoch(0);
        const Batch a = *plain.next(), b = *affected.next();
        QVERIFY(torch::equal(a.targets, b.targets));
        QVERIFY(!torch::allclose(a.inputs, b.inputs, 1e-3, 1e-3));
        QVERIFY((b.inputs.pow(2).mean({1, 2}).sqrt() - 1).abs().max().item<float>() < 1e-3);
        affected.startEpoch(0);  // the same epoch again: the same rooms, shifts and noise
        QVERIFY(torch::equal(affected.next()->inputs, b.inputs));
        affected.startEpoch(1);
        QVERIFY(!torch::equal(affected.next()->inputs, b.inputs));
        augmentation.effects.noiseShare = 2.0;
        QVERIFY_THROWS_EXCEPTION(Error, BatchLoader(*data_, items_, 8, true, 1, 2, augmentation));
    }

    void mixupBlendsExamplesAndTheirTargets() {
        Augmentation augmentation;
        augmentation.mixup.share = 1.0;
        std::vector<std::size_t> single;  // the training clips: one label each
        for (std::size_t item : items_)
            if (labelIndices(data_->labels(item)).size() == 1) single.push_back(item);
        QVERIFY(single.size() >= 16);
        BatchLoader plain(*data_, single, 16, false, 4), blended(*data_, single, 16, false, 4, 2, augmentation);
        plain.startEpoch(0);
        blended.startEpoch(0);
        const Batch a = *plain.next(), b = *blended.next();
        QCOMPARE(a.items, b.items);
        QVERIFY(!torch::allclose(a.inputs, b.inputs, 1e-3, 1e-3));
        QVERIFY((b.inputs.pow(2).mean({1, 2}).sqrt() - 1).abs().max().item<float>() < 1e-3);
        // Each row keeps its own labels at weight λ >= 0.5 and takes 1 - λ of another row's:
        // the weights of single-labelled examples still sum to 1.
        QVERIFY(torch::allclose(b.targets.sum(1), a.targets.sum(1), 1e-5, 1e-5));
        QVERIFY(((b.targets * a.targets).sum(1) >= 0.5 - 1e-6).all().item<bool>());
        QVERIFY(((b.targets > 0) & (b.targets < 1)).any().item<bool>());
        blended.startEpoch(0);  // the same epoch again: the same partners and weights
        const Batch again = *blended.next();
        QVERIFY(torch::equal(again.inputs, b.inputs) && torch::equal(again.targets, b.targets));
        augmentation.mixup.alpha = 0;
        try {
            BatchLoader(*data_, items_, 8, true, 1, 2, augmentation);
            QFAIL("mixup with alpha 0 was accepted");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("--mixup-alpha"));
        }
    }

    void partMixedAndInvalidShares() {
        MixingOptions mixing;
        mixing.share = 0.5;
        BatchLoader loader(*data_, items_, 64, true, 2, 2, Augmentation{mixing, {}});
        loader.startEpoch(0);
        std::int64_t mixed = 0, rows = 0;
        while (auto batch = loader.next()) {
            mixed += (batch->targets.sum(1) > 1).sum().item<std::int64_t>();
            rows += batch->targets.size(0);
        }
        QVERIFY2(mixed > rows / 4 && mixed < 3 * rows / 4, qPrintable(QString("%1 of %2 rows mixed").arg(mixed).arg(rows)));
        mixing.share = 1.5;
        QVERIFY_THROWS_EXCEPTION(Error, BatchLoader(*data_, items_, 8, true, 1, 2, Augmentation{mixing, {}}));
        mixing.share = 0.5;
        mixing.maxSources = 1;
        QVERIFY_THROWS_EXCEPTION(Error, BatchLoader(*data_, items_, 8, true, 1, 2, Augmentation{mixing, {}}));
    }
};

QTEST_GUILESS_MAIN(BatchLoaderTest)
#include "BatchLoaderTest.moc"
