// `timbrescope-cli info` as a user runs it: real files, real errors, real exit codes.

#include "tests/support/AudioFixtures.h"
#include "tests/support/CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

    void helpListsTheCommand() {
        const Run r = cli({"help", "info"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("usage: timbrescope-cli info"));
    }
};

QTEST_GUILESS_MAIN(CliInfoTest)
#include "CliInfoTest.moc"
