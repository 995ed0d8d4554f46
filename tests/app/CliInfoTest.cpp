// `timbrescope-cli info` as a user runs it: real files, real errors, real exit codes.

#include "tests/support/AudioFixtures.h"
#include "tests/support/CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>

using namespace timbrescope::testing;

namespace {

using Run = timbrescope::testing::CliRun;
Run cli(const QStringList& args) { return timbrescope::testing::runCli(QStringLiteral(TIMBRESCOPE_CLI), args); }

} // namespace

class CliInfoTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        writeWav(path("stereo.wav"), interleave({sine(440, 3.0, 44100, 0.5f), sine(440, 3.0, 44100, 0.5f)}), 44100, 2);
        writeAudio(path("mono8k.flac"), concat(sine(300, 2.0, 8000, 0.25f), silence(2.5, 8000)), 8000, 1,
                   SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        writeBytes(path("notes.wav"), "not audio at all");
    }

    void describesAFile() {
        const Run r = cli({QStringLiteral("info"), path("stereo.wav")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        QVERIFY(r.out.contains(path("stereo.wav")));
        QVERIFY(r.out.contains("WAV (Microsoft), Signed 16 bit PCM"));
        QVERIFY(r.out.contains(QRegularExpression("channels\\s+2\\n")));
        QVERIFY(r.out.contains(QRegularExpression("rate\\s+44100 Hz")));
        QVERIFY(r.out.contains("3.000 s (132300 frames)"));
        QVERIFY(r.out.contains(QRegularExpression("segments\\s+3 x 1 s at 22050 Hz, hop 1 s, 0 silent\\n")));
        QVERIFY(r.out.contains(QRegularExpression("peak\\s+-6.0 dBFS")));
        QVERIFY(r.out.contains(QRegularExpression("rms\\s+-9.0 dBFS")));
    }

    void jsonReportsEveryFileAndKeepsGoingAfterAnError() {
        const Run r = cli({"info", "--json", "--hop", "0.5", path("stereo.wav"), path("missing.wav"),
                           path("notes.wav"), path("mono8k.flac")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("error: " + path("missing.wav") + ": no such file"));
        QVERIFY(r.err.contains("error: " + path("notes.wav") + ": not a recognised audio format"));
        QCOMPARE(r.err.count("error: "), 2);
        const QJsonArray reports = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(reports.size(), 4);
        QCOMPARE(reports[0]["segments"].toInt(), 5);  // 3 s with a 0.5-s hop
        QCOMPARE(reports[1]["error"].toString(), QStringLiteral("no such file"));
        const QJsonObject flac = reports[3].toObject();
        QCOMPARE(flac["sample_rate"].toInt(), 8000);
        QCOMPARE(flac["channels"].toInt(), 1);
        QCOMPARE(flac["duration_s"].toDouble(), 4.5);
        QCOMPARE(flac["segments"].toInt(), 8);         // 4.5 s, hop 0.5 s
        QCOMPARE(flac["silent_segments"].toInt(), 4);  // those starting at 2, 2.5, 3 and 3.5 s
        QCOMPARE(flac["unanalysed_s"].toDouble(), 0.0);
    }

    // Segments drop a partial last second (as the paper's evaluation does): info says so.
    void saysWhatThePartialLastSecondLeavesOut() {
        writeWav(path("short.wav"), sine(440, 2.75, 44100, 0.5f), 44100, 1);
        Run r = cli({"info", path("short.wav")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("segments  2 x 1 s at 22050 Hz, hop 1 s, 0 silent; the last 0.750 s not analysed (shorter than a segment)"),
                 qPrintable(r.out));
        r = cli({"info", "--json", path("short.wav")});
        QVERIFY(std::fabs(QJsonDocument::fromJson(r.out.toUtf8()).array()[0].toObject()["unanalysed_s"].toDouble() - 0.75) < 1e-3);
    }

    void badOptionsAreNamed() {
        Run r = cli({"info", "--hop", "-1", path("stereo.wav")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --hop: '-1' is not a positive number of seconds"));
        r = cli({"info", "--converter", "cubic", path("stereo.wav")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.startsWith("error: --converter: unknown converter 'cubic'"));
        r = cli({"info", "--colour", path("stereo.wav")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --colour: unknown option for 'info'"));
        r = cli({"info"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("no files given"));
        r = cli({"frobnicate"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown command 'frobnicate'"));
    }

    // What libsndfile cannot read goes through FFmpeg: info names the decoder; files made by
    // Debian's ffmpeg from the WAV above keep its length; a video without sound is one line.
    void readsM4aOpusAndVideoThroughFfmpeg() {
        const QString ffmpeg = QStandardPaths::findExecutable("ffmpeg");
        if (ffmpeg.isEmpty()) QSKIP("the ffmpeg command is not installed (scripts/setup installs it)");
        const auto make = [&](const QString& name, const QStringList& arguments) {
            QProcess p;
            p.start(ffmpeg, QStringList{"-loglevel", "error", "-y"} + arguments + QStringList{path(name)});
            QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
        };
        make("clip.m4a", {"-i", path("stereo.wav"), "-c:a", "aac"});
        make("clip.opus", {"-i", path("stereo.wav"), "-c:a", "libopus"});
        make("clip.mp4", {"-f", "lavfi", "-i", "testsrc=size=96x64:rate=5:duration=3", "-i", path("stereo.wav"), "-c:v", "mpeg4", "-c:a", "aac",
                          "-shortest"});
        make("mute.mp4", {"-f", "lavfi", "-i", "testsrc=size=96x64:rate=5:duration=1", "-c:v", "mpeg4"});
        const Run r = cli({"info", "--json", path("clip.m4a"), path("clip.opus"), path("clip.mp4"), path("mute.mp4")});
        QCOMPARE(r.exitCode, 1);  // one file refused
        const QJsonArray files = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(files.size(), 4);  // the refused one as an error entry
        const char* decoders[] = {"FFmpeg", "libsndfile", "FFmpeg"};  // libsndfile reads Ogg Opus itself
        for (int i = 0; i < 3; ++i) {
            const QJsonObject f = files[i].toObject();
            QVERIFY2(f["decoder"].toString().startsWith(decoders[i]), qPrintable(f["file"].toString() + " " + f["decoder"].toString()));
            QVERIFY(std::fabs(f["duration_s"].toDouble() - 3.0) < 0.05);
            QCOMPARE(f["segments"].toInt(), 3);
        }
        QCOMPARE(files[0].toObject()["format"].toString(), QStringLiteral("QuickTime / MOV"));
        QCOMPARE(files[3].toObject()["error"].toString(), QStringLiteral("a video without sound: it has no audio stream"));
        QCOMPARE(r.err.trimmed(), "error: " + path("mute.mp4") + ": a video without sound: it has no audio stream");
    }

    void helpListsTheCommand() {
        const Run r = cli({"help", "info"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("usage: timbrescope-cli info"));
    }
};

QTEST_GUILESS_MAIN(CliInfoTest)
#include "CliInfoTest.moc"
