// A degraded copy of a test set keeps what a scorer relies on (every track at its path, mono at
// its own rate and length, its labels, its level without clipping), changes the sound as asked,
// repeats itself per seed, and refuses what would lose or mix up files.

#include "engine/audio/AudioFileReader.h"
#include "engine/core/Error.h"
#include "engine/data/DegradeFolder.h"
#include "tests/support/AudioFixtures.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>

#include <cmath>

using namespace timbrescope;
namespace fx = timbrescope::testing;

namespace {

std::vector<float> readAll(const QString& path, int& rate, int& channels) {
    audio::AudioFileReader reader(path.toStdString());
    rate = reader.info().sampleRate;
    channels = reader.info().channels;
    std::vector<float> all, block;
    while (reader.read(block, 1 << 16) > 0) all.insert(all.end(), block.begin(), block.end());
    return all;
}

QByteArray bytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

augment::EffectOptions roomOnly() {
    augment::EffectOptions o;
    o.roomShare = 1.0;
    o.minRt60 = o.maxRt60 = 0.8;
    return o;
}

} // namespace

class DegradeFolderTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString in() const { return dir_.filePath("test"); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(QDir().mkpath(in() + "/set"));
        // A stereo 44.1 kHz excerpt (a tone, then silence) and a mono 22.05 kHz FLAC, each with its label file.
        const auto tone = fx::concat(fx::sine(440.0, 1.5, 44100, 0.4f), fx::silence(0.5, 44100));
        fx::writeWav(in() + "/set/a.wav", fx::interleave({tone, tone}), 44100, 2);
        writeText(in() + "/set/a.txt", "pia\t\nvio\t\n");
        fx::writeAudio(in() + "/b.flac", fx::sine(660.0, 1.5, 22050, 0.3f), 22050, 1, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        writeText(in() + "/b.txt", "flu\n");
        writeText(in() + "/notes.md", "not audio");
    }

    void copiesEveryTrackWithItsLabels() {
        const QString out = dir_.filePath("room");
        const data::DegradeSummary s = data::degradeFolder(in().toStdString(), out.toStdString(), roomOnly(), 5);
        QCOMPARE(s.tracks, 2);
        QCOMPARE(s.labels, 2);
        QCOMPARE(s.applied.at("room"), 2);
        QCOMPARE(bytes(out + "/set/a.txt"), bytes(in() + "/set/a.txt"));
        QCOMPARE(bytes(out + "/b.txt"), QByteArray("flu\n"));
        QVERIFY(!QFile::exists(out + "/notes.md"));

        int rate = 0, channels = 0;
        const auto a = readAll(out + "/set/a.wav", rate, channels);
        QCOMPARE(rate, 44100);
        QCOMPARE(channels, 1);
        QCOMPARE(a.size(), std::size_t(2 * 44100));
        const auto b = readAll(out + "/b.wav", rate, channels);  // a FLAC comes back as a WAV
        QCOMPARE(rate, 22050);
        QCOMPARE(b.size(), std::size_t(1.5 * 22050));

        // The room changes the sound (a reverberant tail rings into the silence after the tone) but
        // neither its pitch nor, beyond 10 %, its level; nothing clips.
        const std::size_t toneEnd = std::size_t(1.5 * 44100);
        const double body = fx::rms(a.data(), toneEnd), tail = fx::rms(a.data() + toneEnd + 2205, 2205);
        QVERIFY2(tail > 0.01 * body, qPrintable(QString("tail %1, body %2").arg(tail).arg(body)));
        const std::vector<float> toneOnly(a.begin(), a.begin() + std::ptrdiff_t(toneEnd));
        QVERIFY(std::abs(fx::dominantFrequency(toneOnly, 44100, 400, 480, 1.0) - 440.0) <= 1.0);
        const double dryLevel = 0.4 / std::sqrt(2.0) * std::sqrt(1.5 / 2.0), level = fx::rms(a.data(), a.size());
        QVERIFY2(std::abs(level / dryLevel - 1.0) < 0.1 || *std::max_element(a.begin(), a.end()) >= 0.98f,
                 qPrintable(QString::number(level / dryLevel)));
        for (float v : a) QVERIFY(std::abs(v) <= 0.991f);

        QFile manifest(out + "/timbrescope-degrade.json");
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QJsonObject m = QJsonDocument::fromJson(manifest.readAll()).object();
        QCOMPARE(m["seed"].toInt(), 5);
        QCOMPARE(m["effects"].toObject()["room"].toObject()["share"].toDouble(), 1.0);  // as run.json records it
        QCOMPARE(m["effects"].toObject()["room"].toObject()["rt60"].toArray(), QJsonArray({0.8, 0.8}));
        QCOMPARE(m["tracks"].toObject()["set/a.wav"].toArray(), QJsonArray({"room"}));
        QCOMPARE(m["tracks"].toObject()["b.wav"].toArray(), QJsonArray({"room"}));
    }

    void repeatsItselfPerSeed() {
        augment::EffectOptions o;
        o.noiseShare = o.codecShare = 1.0;
        const auto copy = [&](const QString& name, std::uint64_t seed) {
            data::degradeFolder(in().toStdString(), dir_.filePath(name).toStdString(), o, seed);
            return bytes(dir_.filePath(name) + "/set/a.wav");
        };
        const QByteArray first = copy("seed1", 1), again = copy("seed1-again", 1), other = copy("seed2", 2);
        QVERIFY(!first.isEmpty());
        QCOMPARE(again, first);
        QVERIFY(other != first);
    }

    void refusesWhatWouldLoseOrMixUpFiles() {
        const auto expectError = [&](const QString& from, const QString& to, const augment::EffectOptions& o, const char* reason) {
            try {
                data::degradeFolder(from.toStdString(), to.toStdString(), o, 1);
                QFAIL("no error");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains(reason), e.what());
            }
        };
        expectError(in(), in() + "/inside", roomOnly(), "lies inside the folder being degraded");
        expectError(in(), dir_.filePath("room"), roomOnly(), "already exists and is not an empty folder");
        expectError(in(), dir_.filePath("none"), augment::EffectOptions{}, "no effect has a share above 0");
        expectError(dir_.filePath("missing"), dir_.filePath("x"), roomOnly(), "not a folder");
        QVERIFY(QDir().mkpath(dir_.filePath("empty")));
        expectError(dir_.filePath("empty"), dir_.filePath("y"), roomOnly(), "holds no audio files");
        QVERIFY(!QFile::exists(in() + "/inside"));
    }
};

QTEST_GUILESS_MAIN(DegradeFolderTest)
#include "DegradeFolderTest.moc"
