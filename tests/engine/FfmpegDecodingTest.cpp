// What libsndfile cannot read, FFmpeg does, behind the same reader: M4A (AAC and ALAC), WMA,
// WebM and the sound of an MP4 video give the models the same signal as the WAV they were made
// from (ALAC exactly, lossy codecs within codec error); a video without sound and a file FFmpeg
// only half knows get one clear line. Files are made by Debian's ffmpeg command.

#include "engine/audio/AudioError.h"
#include "engine/audio/AudioFileReader.h"
#include "engine/audio/FfmpegDecoder.h"
#include "engine/audio/TrackLoader.h"
#include "tests/support/AudioFixtures.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace timbrescope;
using namespace timbrescope::audio;
using namespace timbrescope::testing;

namespace {

double rms(const std::vector<float>& x, std::size_t from, std::size_t count) {
    double sum = 0.0;
    for (std::size_t i = from; i < from + count && i < x.size(); ++i) sum += double(x[i]) * x[i];
    return std::sqrt(sum / double(count));
}

// The largest normalised correlation of b against a over lags up to `maxLag` (codec delay).
double bestCorrelation(const std::vector<float>& a, const std::vector<float>& b, int maxLag) {
    double best = 0.0;
    const std::size_t n = std::min(a.size(), b.size()) - std::size_t(maxLag);
    for (int lag = 0; lag <= maxLag; lag += 1) {
        double ab = 0.0, aa = 0.0, bb = 0.0;
        for (std::size_t i = 0; i < n; i += 3) {
            const double x = a[i], y = b[i + std::size_t(lag)];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        best = std::max(best, ab / std::sqrt(aa * bb + 1e-30));
    }
    return best;
}

} // namespace

class FfmpegDecodingTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString ffmpeg_;

    QString make(const QString& name, const QStringList& arguments) {
        QProcess p;
        p.start(ffmpeg_, QStringList{"-loglevel", "error", "-y"} + arguments + QStringList{dir_.filePath(name)});
        if (!p.waitForFinished(60000) || p.exitCode() != 0) qWarning() << "ffmpeg:" << p.readAllStandardError();
        return dir_.filePath(name);
    }

private Q_SLOTS:
    void initTestCase() {
        if (!FfmpegDecoder::available()) QSKIP("built without FFmpeg (scripts/setup installs libavformat-dev)");
        ffmpeg_ = QStandardPaths::findExecutable("ffmpeg");
        if (ffmpeg_.isEmpty()) QSKIP("the ffmpeg command is not installed (scripts/setup installs it)");
        // 3 s of a chord with a swell, stereo, 44.1 kHz: something for a codec to get wrong.
        std::vector<float> left = sine(440, 3.0, 44100, 0.3f), right = sine(660, 3.0, 44100, 0.2f);
        for (std::size_t i = 0; i < left.size(); ++i) left[i] *= float(0.5 + 0.5 * std::sin(double(i) / 44100 * 3.0));
        writeWav(dir_.filePath("clip.wav"), interleave({left, right}), 44100, 2);
    }

    void readsWhatLibsndfileCannot() {
        const QString wav = dir_.filePath("clip.wav");
        const struct {
            QString file;
            QStringList arguments;
            const char* format;
        } cases[] = {
            {"clip.m4a", {"-i", wav, "-c:a", "aac", "-b:a", "160k"}, "QuickTime / MOV"},
            {"clip-alac.m4a", {"-i", wav, "-c:a", "alac"}, "QuickTime / MOV"},
            {"clip.wma", {"-i", wav, "-c:a", "wmav2", "-b:a", "192k"}, "ASF"},
            {"clip.webm", {"-i", wav, "-c:a", "libopus", "-b:a", "128k"}, "Matroska / WebM"},
            {"clip.mp4", {"-f", "lavfi", "-i", "testsrc=size=96x64:rate=5:duration=3", "-i", wav, "-c:v", "mpeg4", "-c:a", "aac", "-shortest"},
             "QuickTime / MOV"},
        };
        const Track reference = loadTrack(wav.toStdString());
        QCOMPARE(reference.source.decoder, std::string("libsndfile"));
        for (const auto& c : cases) {
            const QString path = make(c.file, c.arguments);
            const Track t = loadTrack(path.toStdString());
            QVERIFY2(t.source.decoder.rfind("FFmpeg", 0) == 0, c.file.toUtf8());
            QVERIFY2(t.source.format.rfind(c.format, 0) == 0, t.source.format.c_str());
            QCOMPARE(t.source.channels, 2);
            QCOMPARE(t.sampleRate, 22050);
            QVERIFY2(std::fabs(t.durationSeconds() - 3.0) < 0.1, qPrintable(c.file + QString::number(t.durationSeconds())));
            if (c.file == "clip-alac.m4a") {
                // Lossless: the very same signal.
                QCOMPARE(t.mono.size(), reference.mono.size());
                double worst = 0.0;
                for (std::size_t i = 0; i < t.mono.size(); ++i) worst = std::max(worst, double(std::fabs(t.mono[i] - reference.mono[i])));
                QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
                continue;
            }
            // Lossy: each second's level within 0.5 dB, the waveform within codec error.
            for (std::size_t s = 0; s < 3; ++s) {
                const double a = rms(reference.mono, s * 22050, 22050), b = rms(t.mono, s * 22050, 22050);
                QVERIFY2(std::fabs(20 * std::log10(b / a)) < 0.5, qPrintable(c.file + " second " + QString::number(s)));
            }
            const double correlation = bestCorrelation(reference.mono, t.mono, 2200);
            QVERIFY2(correlation > 0.98, qPrintable(c.file + ": " + QString::number(correlation)));
        }
    }

    void aVideoWithoutSoundSaysSo() {
        const QString path = make("silent.mp4", {"-f", "lavfi", "-i", "testsrc=size=96x64:rate=5:duration=1", "-c:v", "mpeg4"});
        try {
            AudioFileReader reader(path.toStdString());
            QFAIL("a video without sound was read");
        } catch (const AudioError& e) {
            QCOMPARE(e.kind(), AudioError::Kind::NotAudio);
            QCOMPARE(QString::fromUtf8(e.what()), path + ": a video without sound: it has no audio stream");
        }
    }

    // A cut-off M4A with its index first decodes up to where its data ends (what is there is the
    // user's music) with a warning; without its index it is refused in one line; never a crash.
    void aCutOffFileIsReadOrRefusedInOneLine() {
        const QString whole = make("whole.m4a", {"-i", dir_.filePath("clip.wav"), "-c:a", "aac", "-movflags", "+faststart"});
        QFile in(whole);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        const QString cut = writeBytes(dir_.filePath("cut.m4a"), bytes.left(bytes.size() / 2));
        const Track t = loadTrack(cut.toStdString());  // its index first: the first half plays
        QVERIFY(t.durationSeconds() > 0.5 && t.durationSeconds() < 2.5);
        QCOMPARE(t.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(t.warnings[0]).contains(QRegularExpression(R"(^its audio ends at \d\.\d\d s of the 3\.\d\d s its container declares \(cut off\?\)$)")),
                 t.warnings[0].c_str());
        // Most encoders write the index last: cut off, such a file has none.
        const QString usual = make("usual.m4a", {"-i", dir_.filePath("clip.wav"), "-c:a", "aac"});
        QFile u(usual);
        QVERIFY(u.open(QIODevice::ReadOnly));
        const QString noIndex = writeBytes(dir_.filePath("no-index.m4a"), u.readAll().left(int(u.size() / 2)));
        try {
            loadTrack(noIndex.toStdString());
            QFAIL("a file without its index was read");
        } catch (const AudioError& e) {
            QCOMPARE(e.kind(), AudioError::Kind::CorruptHeader);
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(noIndex + ": corrupt or truncated MP4/M4A container ("), e.what());
        }
        // And text is still not audio, whatever FFmpeg's probe makes of it.
        const QString text = writeBytes(dir_.filePath("notes.m4a"), "these are my notes, not music\n");
        try {
            loadTrack(text.toStdString());
            QFAIL("text was read as audio");
        } catch (const AudioError& e) {
            QCOMPARE(QString::fromUtf8(e.what()), text + ": not a recognised audio format");
        }
    }
};

QTEST_MAIN(FfmpegDecodingTest)
#include "FfmpegDecodingTest.moc"
