// The whole path from a file to the models' mono 22.05 kHz signal: mixing, resampling, levels.

#include "engine/audio/AudioError.h"
#include "engine/audio/ChannelMix.h"
#include "engine/audio/LevelMeter.h"
#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"
#include "tests/support/AudioFixtures.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>

#include <cmath>

using namespace timbrescope;
using namespace timbrescope::audio;
using namespace timbrescope::testing;

class TrackLoaderTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path(const QString& name) const { return dir_.filePath(name).toStdString(); }

private Q_SLOTS:
    void averagesChannels() {
        // At 22.05 kHz nothing is resampled, so the mono signal is exactly the channel mean.
        const std::vector<float> left = sine(440, 1.0, 22050, 0.5f), right = noise(1.0, 22050, 0.25f);
        writeAudio(dir_.filePath("lr.wav"), interleave({left, right}), 22050, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        const Track t = loadTrack(path("lr.wav"));
        QCOMPARE(t.mono.size(), left.size());
        for (std::size_t i = 0; i < left.size(); i += 11) QVERIFY(std::fabs(t.mono[i] - 0.5f * (left[i] + right[i])) < 1e-6f);

        // Opposite-phase channels cancel.
        const std::vector<float> up = sine(440, 1.0, 22050, 0.5f);
        std::vector<float> down(up.size());
        for (std::size_t i = 0; i < up.size(); ++i) down[i] = -up[i];
        writeAudio(dir_.filePath("cancel.wav"), interleave({up, down}), 22050, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        const Track c = loadTrack(path("cancel.wav"));
        QVERIFY(rms(c.mono.data(), c.mono.size()) < 1e-7);
        QVERIFY(segment(c.mono).silent[0]);
    }

    void mixToMonoOfSixChannels() {
        std::vector<float> frame = {1, 2, 3, 4, 5, 9}, mono;
        mixToMono(frame.data(), 1, 6, mono);
        QCOMPARE(mono, std::vector<float>{4.0f});
    }

    void durationsAndSegmentCounts_data() {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<int>("segments");
        QTest::newRow("IRMAS training: 3 s 44.1 kHz stereo") << 44100 << 2 << 3.0 << 3;
        QTest::newRow("8 kHz mono") << 8000 << 1 << 5.5 << 5;
        QTest::newRow("96 kHz 6 channels") << 96000 << 6 << 2.0 << 2;
        QTest::newRow("48 kHz short") << 48000 << 2 << 0.3 << 1;
    }
    void durationsAndSegmentCounts() {
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(double, seconds);
        QFETCH(int, segments);
        const std::vector<std::vector<float>> chans(static_cast<std::size_t>(channels), sine(440, seconds, rate, 0.5f));
        const QString name = QStringLiteral("t%1x%2.wav").arg(rate).arg(channels);
        writeWav(dir_.filePath(name), interleave(chans), rate, channels);
        const Track t = loadTrack(path(name));
        QCOMPARE(t.source.sampleRate, rate);
        QCOMPARE(t.source.channels, channels);
        QCOMPARE(t.frames, std::int64_t(std::llround(seconds * rate)));
        QVERIFY(std::fabs(t.durationSeconds() - seconds) < 1e-9);
        QCOMPARE(t.sampleRate, 22050);
        QCOMPARE(static_cast<std::int64_t>(t.mono.size()), std::int64_t(std::llround(seconds * 22050)));
        QCOMPARE(int(segment(t.mono).count()), segments);
    }

    void toneKeepsItsFrequency() {
        writeWav(dir_.filePath("a440.wav"), interleave({sine(440, 3.0, 44100), sine(440, 3.0, 44100)}), 44100, 2);
        const Track t = loadTrack(path("a440.wav"));
        QVERIFY(std::fabs(zeroCrossingFrequency(t.mono, 22050) - 440.0) < 0.5);
        QCOMPARE(dominantFrequency(t.mono, 22050, 400, 480, 0.5), 440.0);
    }

    void measuresPeakAndRmsOfTheSource() {
        const std::vector<float> loud = sine(100, 1.0, 44100, 0.8f), quiet = sine(100, 1.0, 44100, 0.2f);
        writeAudio(dir_.filePath("levels.wav"), interleave({loud, quiet}), 44100, 2, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        const Track t = loadTrack(path("levels.wav"));
        QVERIFY(std::fabs(t.peak - 0.8f) < 1e-4f);
        QVERIFY(std::fabs(t.rms - std::sqrt((0.32 + 0.02) / 2.0)) < 1e-4);
        QVERIFY(std::fabs(LevelMeter::toDbfs(0.5) + 6.0206) < 1e-3);
        QVERIFY(std::isinf(LevelMeter::toDbfs(0.0)));
    }

    void longFilesKeepOnlyTheMonoSignal() {
        // 5 minutes of stereo 44.1 kHz, streamed: the result is sized to the mono 22.05 kHz signal,
        // with no over-allocation left behind.
        const QString name = writeRepeatedAudio(dir_.filePath("long.flac"), interleave({noise(60.0, 44100, 0.3f), noise(60.0, 44100, 0.3f, 2)}),
                                                5, 44100, 2, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        PreprocessOptions fast;
        fast.converter = Converter::SincFastest;
        const Track t = loadTrack(name.toStdString(), fast);
        QCOMPARE(static_cast<std::int64_t>(t.mono.size()), std::int64_t(300) * 22050);
        QCOMPARE(t.mono.capacity(), t.mono.size());
    }

    void errorsNameTheFile() {
        try {
            loadTrack(path("absent.ogg"));
            QFAIL("no error raised");
        } catch (const AudioError& e) {
            QCOMPARE(e.kind(), AudioError::Kind::NotFound);
            QCOMPARE(QString::fromUtf8(e.what()), QString::fromStdString(path("absent.ogg")) + ": no such file");
        }
    }
};

QTEST_GUILESS_MAIN(TrackLoaderTest)
#include "TrackLoaderTest.moc"
