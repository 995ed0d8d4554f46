// The segment cache: built once, reused without decoding, rebuilt when the file, the options or
// the entry itself change.

#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"
#include "engine/data/ContentHash.h"
#include "engine/data/SegmentCache.h"
#include "tests/support/AudioFixtures.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace timbrescope;
using namespace timbrescope::data;
using namespace timbrescope::testing;

class SegmentCacheTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string cacheDir() const { return dir_.filePath("cache").toStdString(); }

private Q_SLOTS:
    void storesWhatThePipelineProduces() {
        const QString file = writeWav(dir_.filePath("a.wav"), interleave({noise(3.2, 44100, 0.3f), sine(220, 3.2, 44100)}), 44100, 2);
        const std::uint64_t hash = hashFile(file.toStdString());
        SegmentCache cache(cacheDir(), {});
        const auto cached = cache.get(file.toStdString(), hash);
        QCOMPARE(cache.built(), 1);
        const audio::Segments direct = audio::segment(audio::loadTrack(file.toStdString()).mono);
        QCOMPARE(cached->count(), direct.count());
        QCOMPARE(cached->length(), 22050);
        for (std::size_t s = 0; s < direct.count(); ++s) {
            QCOMPARE(cached->rms(s), direct.rms[s]);
            QCOMPARE(cached->silent(s), bool(direct.silent[s]));
            QVERIFY(std::memcmp(cached->segment(s), direct.segment(s), sizeof(float) * 22050) == 0);
        }
    }

    void secondPassDecodesNothing() {
        const QString file = writeWav(dir_.filePath("b.wav"), noise(2.0, 22050, 0.3f), 22050);
        const std::uint64_t hash = hashFile(file.toStdString());
        {
            SegmentCache first(cacheDir(), {});
            first.get(file.toStdString(), hash);
            QCOMPARE(first.built(), 1);
        }
        // Another cache object (another run) on the same folder: the audio is never opened, so
        // even removing the file does not matter.
        QVERIFY(QFile::remove(file));
        SegmentCache second(cacheDir(), {});
        const auto cached = second.get(file.toStdString(), hash);
        QCOMPARE(second.hits(), 1);
        QCOMPARE(second.built(), 0);
        QCOMPARE(cached->count(), std::size_t(2));
    }

    void changedOptionsOrContentMissTheCache() {
        const QString file = writeWav(dir_.filePath("c.wav"), noise(3.0, 44100, 0.3f), 44100);
        SegmentCache plain(cacheDir(), {});
        plain.get(file.toStdString(), hashFile(file.toStdString()));

        audio::PreprocessOptions overlapping;
        overlapping.hop = 11025;
        SegmentCache other(cacheDir(), overlapping);
        QVERIFY(other.folder() != plain.folder());
        const auto segments = other.get(file.toStdString(), hashFile(file.toStdString()));
        QCOMPARE(other.built(), 1);
        QCOMPARE(segments->count(), std::size_t(5));

        writeWav(file, noise(4.0, 44100, 0.3f, 9), 44100);  // the file is edited
        const auto edited = plain.get(file.toStdString(), hashFile(file.toStdString()));
        QCOMPARE(plain.built(), 2);
        QCOMPARE(edited->count(), std::size_t(4));
    }

    void damagedEntriesAreRebuilt() {
        const QString file = writeWav(dir_.filePath("d.wav"), noise(2.0, 22050, 0.3f, 4), 22050);
        const std::uint64_t hash = hashFile(file.toStdString());
        SegmentCache cache(cacheDir(), {});
        cache.get(file.toStdString(), hash);
        const QString entry = QDir(QString::fromStdString(cache.folder())).filePath(QString::fromStdString(hexHash(hash)) + ".seg");
        QVERIFY(QFile::exists(entry));
        QFile damaged(entry);
        QVERIFY(damaged.resize(1000));  // a crash mid-copy, a full disk...
        const auto rebuilt = cache.get(file.toStdString(), hash);
        QCOMPARE(cache.rebuilt(), 1);
        QCOMPARE(rebuilt->count(), std::size_t(2));
        QVERIFY(std::fabs(rms(rebuilt->segment(1), 22050) - 1.0) < 1e-4);
    }
};

QTEST_GUILESS_MAIN(SegmentCacheTest)
#include "SegmentCacheTest.moc"
