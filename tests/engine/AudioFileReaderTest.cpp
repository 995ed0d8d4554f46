// Decoding every format libsndfile offers, and refusing every kind of bad file with a clear error.

#include "engine/audio/AudioError.h"
#include "engine/audio/AudioFileReader.h"
#include "tests/support/AudioFixtures.h"

#include <QFile>
#include <QTemporaryDir>
#include <QFileInfo>
#include <QtTest>

#include <sndfile.h>
#include <unistd.h>

#include <cmath>

using namespace timbrescope;
using namespace timbrescope::audio;
using namespace timbrescope::testing;
using Kind = AudioError::Kind;

Q_DECLARE_METATYPE(AudioError::Kind)

namespace {

std::vector<float> readAll(AudioFileReader& reader) {
    std::vector<float> all, block;
    while (reader.read(block, 1000) > 0) all.insert(all.end(), block.begin(), block.end());
    return all;
}

} // namespace

class AudioFileReaderTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void decodesEveryFormat_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("format");
        QTest::addColumn<double>("tolerance");  // lossy codecs get a looser bound
        QTest::newRow("wav u8") << "u8.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_U8) << 1.0 / 64;
        QTest::newRow("wav 16") << "s16.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_16) << 1e-4;
        QTest::newRow("wav 24") << "s24.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_24) << 1e-6;
        QTest::newRow("wav 32") << "s32.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_32) << 1e-6;
        QTest::newRow("wav float") << "f32.wav" << (SF_FORMAT_WAV | SF_FORMAT_FLOAT) << 0.0;
        QTest::newRow("wav double") << "f64.wav" << (SF_FORMAT_WAV | SF_FORMAT_DOUBLE) << 1e-7;
        QTest::newRow("aiff 16") << "s16.aiff" << (SF_FORMAT_AIFF | SF_FORMAT_PCM_16) << 1e-4;
        QTest::newRow("flac 16") << "s16.flac" << (SF_FORMAT_FLAC | SF_FORMAT_PCM_16) << 1e-4;
        QTest::newRow("flac 24") << "s24.flac" << (SF_FORMAT_FLAC | SF_FORMAT_PCM_24) << 1e-6;
        QTest::newRow("ogg vorbis") << "v.ogg" << (SF_FORMAT_OGG | SF_FORMAT_VORBIS) << -1.0;
        QTest::newRow("mp3") << "l3.mp3" << (SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III) << -1.0;
    }
    void decodesEveryFormat() {
        QFETCH(QString, name);
        QFETCH(int, format);
        QFETCH(double, tolerance);
        if ((format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG && !libsndfileHasMp3())
            QSKIP("this libsndfile build has no MP3 support");
        const int rate = 44100;
        const std::vector<float> left = sine(440, 2.0, rate, 0.5f), right = sine(660, 2.0, rate, 0.25f);
        writeAudio(path(name), interleave({left, right}), rate, 2, format);

        AudioFileReader reader(path(name).toStdString());
        QCOMPARE(reader.info().channels, 2);
        QCOMPARE(reader.info().sampleRate, rate);
        QVERIFY(!reader.info().format.empty());
        QVERIFY(!reader.info().encoding.empty());
        const std::vector<float> decoded = readAll(reader);
        const std::size_t frames = decoded.size() / 2;
        if (tolerance >= 0.0) {
            // Lossless: exact length and samples within the quantisation step.
            QCOMPARE(static_cast<long long>(frames), static_cast<long long>(left.size()));
            for (std::size_t f = 0; f < frames; f += 37) {
                QVERIFY2(std::fabs(decoded[2 * f] - left[f]) <= tolerance, qPrintable(QString::number(f)));
                QVERIFY2(std::fabs(decoded[2 * f + 1] - right[f]) <= tolerance, qPrintable(QString::number(f)));
            }
        } else {
            // Lossy codecs pad or trim a little; the tone and its level survive.
            QVERIFY(std::llabs(static_cast<long long>(frames) - static_cast<long long>(left.size())) < rate / 10);
            std::vector<float> mid(frames);
            for (std::size_t f = 0; f < frames; ++f) mid[f] = decoded[2 * f];
            QVERIFY(std::fabs(dominantFrequency(mid, rate, 400, 480, 1.0) - 440) <= 1.0);
            QVERIFY(std::fabs(rms(mid.data(), mid.size()) - 0.5 / std::sqrt(2.0)) < 0.03);
        }
        QCOMPARE(reader.framesRead(), static_cast<std::int64_t>(frames));
        // An encoder's ordinary padding is not damage: a whole file decodes without a remark.
        QVERIFY2(reader.warnings().empty(), reader.warnings().empty() ? "" : reader.warnings().front().c_str());
    }

    void warnsOfAnMp3CutShort() {
        if (!libsndfileHasMp3()) QSKIP("this libsndfile build has no MP3 support");
        const int rate = 44100;
        writeAudio(path("whole.mp3"), sine(440, 4.0, rate, 0.5f), rate, 1, SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III);
        truncatedCopy(path("whole.mp3"), path("half.mp3"), QFileInfo(path("whole.mp3")).size() / 2);
        AudioFileReader reader(path("half.mp3").toStdString());
        const std::vector<float> decoded = readAll(reader);
        QVERIFY(decoded.size() < std::size_t(3 * rate));
        QCOMPARE(reader.warnings().size(), std::size_t(1));
        QVERIFY2(reader.warnings().front().find("shorter than its length estimate") != std::string::npos, reader.warnings().front().c_str());

        // A few hundred bytes short (1 % of the file, under two MPEG frames: what encoders' padding
        // amounts to) is no damage.
        const qint64 size = QFileInfo(path("whole.mp3")).size();
        truncatedCopy(path("whole.mp3"), path("padded.mp3"), size - size / 100);
        AudioFileReader padded(path("padded.mp3").toStdString());
        const std::vector<float> most = readAll(padded);
        QVERIFY2(most.size() < std::size_t(4 * rate) && most.size() > std::size_t(4 * rate - 4 * 1152), qPrintable(QString::number(most.size())));
        QVERIFY2(padded.warnings().empty(), padded.warnings().empty() ? "" : padded.warnings().front().c_str());
    }

    void readsManyChannelsAndOddRates() {
        const std::vector<std::vector<float>> six(6, sine(100, 0.5, 96000));
        writeWav(path("six.wav"), interleave(six), 96000, 6);
        AudioFileReader reader(path("six.wav").toStdString());
        QCOMPARE(reader.info().channels, 6);
        QCOMPARE(reader.info().sampleRate, 96000);
        QCOMPARE(reader.info().declaredFrames, std::int64_t(48000));
        QCOMPARE(readAll(reader).size(), std::size_t(48000 * 6));
    }

    void refusesBadInput_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<AudioError::Kind>("kind");
        QTest::addColumn<QString>("reason");  // a fragment the message must contain

        writeWav(path("good.wav"), sine(440, 3.0, 44100), 44100);
        writeAudio(path("good.flac"), sine(440, 3.0, 44100), 44100, 1, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        std::vector<float> withNan = sine(440, 1.0, 44100), withInf = withNan;
        withNan[1234] = NAN;
        withInf[2000] = INFINITY;
        writeAudio(path("nan.wav"), withNan, 44100, 1, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        writeAudio(path("inf.wav"), withInf, 44100, 1, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        writeWav(path("zero-frames.wav"), {}, 44100);
        writeBytes(path("empty.wav"), {});
        writeBytes(path("text.wav"), "This is a shopping list, not a song.\n");
        QByteArray garbage(4096, '\0');
        for (int i = 0; i < garbage.size(); ++i) garbage[i] = char((i * 7919) % 251);
        writeBytes(path("garbage.flac"), garbage);
        truncatedCopy(path("good.wav"), path("header-cut.wav"), 20);
        truncatedCopy(path("good.wav"), path("data-cut.wav"), 30000);
        truncatedCopy(path("good.flac"), path("data-cut.flac"), 3000);

        QTest::newRow("missing") << "does-not-exist.wav" << Kind::NotFound << "no such file";
        QTest::newRow("directory") << "." << Kind::Unreadable << "is a directory";
        QTest::newRow("zero bytes") << "empty.wav" << Kind::Empty << "empty file";
        QTest::newRow("text") << "text.wav" << Kind::NotAudio << "not a recognised audio format";
        QTest::newRow("garbage") << "garbage.flac" << Kind::NotAudio << "not a recognised audio format";
        QTest::newRow("header cut") << "header-cut.wav" << Kind::CorruptHeader << "corrupt or truncated header";
        QTest::newRow("data cut wav") << "data-cut.wav" << Kind::Truncated << "truncated";
        QTest::newRow("data cut flac") << "data-cut.flac" << Kind::Corrupt << "corrupt audio data";
        QTest::newRow("zero frames") << "zero-frames.wav" << Kind::Empty << "zero-length audio";
        QTest::newRow("nan") << "nan.wav" << Kind::NonFinite << "NaN samples (first at frame 1234)";
        QTest::newRow("inf") << "inf.wav" << Kind::NonFinite << "Inf samples (first at frame 2000)";
    }
    void refusesBadInput() {
        QFETCH(QString, name);
        QFETCH(AudioError::Kind, kind);
        QFETCH(QString, reason);
        const std::string file = path(name).toStdString();
        try {
            AudioFileReader reader(file);
            readAll(reader);
            QFAIL("no error raised");
        } catch (const AudioError& e) {
            QCOMPARE(e.kind(), kind);
            QCOMPARE(QString::fromStdString(e.subject()), QString::fromStdString(file));
            QVERIFY2(QString::fromStdString(e.what()).startsWith(QString::fromStdString(file) + ": "), e.what());
            QVERIFY2(QString::fromStdString(e.reason()).contains(reason), e.what());
        }
    }

    void refusesUnreadableFile() {
        if (geteuid() == 0) QSKIP("root reads any file regardless of permissions");
        writeWav(path("locked.wav"), sine(440, 1.0, 44100), 44100);
        QFile::setPermissions(path("locked.wav"), QFileDevice::Permissions());
        try {
            AudioFileReader reader(path("locked.wav").toStdString());
            QFAIL("no error raised");
        } catch (const AudioError& e) {
            QCOMPARE(e.kind(), Kind::Unreadable);
            QVERIFY2(QString::fromStdString(e.reason()).contains("Permission denied"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(AudioFileReaderTest)
#include "AudioFileReaderTest.moc"
