// Cross-validation folds: grouped by recording, stratified by class, deterministic.

#include "engine/core/Error.h"
#include "engine/data/Folds.h"

#include <QtTest>

#include <map>

using namespace timbrescope;
using namespace timbrescope::data;

namespace {

// 11 classes × 12 recordings of 1–3 excerpts each.
DatasetIndex syntheticIndex() {
    DatasetIndex index;
    for (int c = 0; c < kClassCount; ++c)
        for (int r = 0; r < 12; ++r)
            for (int k = 0; k < 1 + (r * 7 + c) % 3; ++k) {
                DatasetEntry e;
                e.labels = labelBit(c);
                e.group = "train:" + classCode(c) + std::to_string(r);
                e.relativePath = e.group + "__" + std::to_string(k);
                index.entries.push_back(e);
            }
    return index;
}

} // namespace

class FoldsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void groupedStratifiedDeterministic() {
        const DatasetIndex index = syntheticIndex();
        std::vector<std::size_t> all(index.entries.size());
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
        const std::vector<int> folds = assignFolds(index, all, 5, 42);
        QCOMPARE(folds.size(), all.size());

        std::map<std::string, int> foldOfGroup;
        std::vector<std::array<int, kClassCount>> perClass(5, std::array<int, kClassCount>{});
        for (std::size_t i = 0; i < all.size(); ++i) {
            QVERIFY(folds[i] >= 0 && folds[i] < 5);
            const auto [it, inserted] = foldOfGroup.emplace(index.entries[i].group, folds[i]);
            QCOMPARE(it->second, folds[i]);  // no recording split across folds
            ++perClass[std::size_t(folds[i])][std::size_t(__builtin_ctz(index.entries[i].labels))];
        }
        // Each class spread over all folds, within one recording's size (3) of even.
        for (int c = 0; c < kClassCount; ++c) {
            int low = 1 << 30, high = 0;
            for (int f = 0; f < 5; ++f) low = std::min(low, perClass[std::size_t(f)][std::size_t(c)]), high = std::max(high, perClass[std::size_t(f)][std::size_t(c)]);
            QVERIFY2(low > 0 && high - low <= 3, qPrintable(QString("class %1: %2..%3").arg(c).arg(low).arg(high)));
        }
        QCOMPARE(assignFolds(index, all, 5, 42), folds);
        QVERIFY(assignFolds(index, all, 5, 43) != folds);
    }

    void refusesImpossibleSplits() {
        const DatasetIndex index = syntheticIndex();
        const std::vector<std::size_t> two = {0, 1};  // one recording
        QVERIFY_THROWS_EXCEPTION(Error, assignFolds(index, two, 5, 1));
        QVERIFY_THROWS_EXCEPTION(Error, assignFolds(index, two, 1, 1));
    }
};

QTEST_GUILESS_MAIN(FoldsTest)
#include "FoldsTest.moc"
