// Every row of docs/reliability.md's bad-input table, done to the real timbrescope-cli: what a
// user sees (exit status, the message naming the file and the problem) for each kind of mess.

#include "tests/support/AudioFixtures.h"
#include "tests/support/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>
#include <unistd.h>

#include <cmath>

using namespace timbrescope::testing;

namespace {

CliRun cli(const QStringList& args) { return runCli(QStringLiteral(TIMBRESCOPE_CLI), args); }

QString assets(const QString& relative) { return QStringLiteral(TIMBRESCOPE_SOURCE_ASSETS "/") + relative; }

// Copies a bundled run folder so a test can damage its copy.
void copyRun(const QString& from, const QString& to) {
    QDir().mkpath(to);
    for (const QString& name : QDir(from).entryList(QDir::Files)) QFile::copy(from + "/" + name, to + "/" + name);
    for (const QString& name : QDir(to).entryList(QDir::Files))
        QFile(to + "/" + name).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
}

void replaceInFile(const QString& path, const QByteArray& from, const QByteArray& to) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray bytes = f.readAll();
    f.close();
    QVERIFY(bytes.contains(from));
    bytes.replace(from, to);
    writeBytes(path, bytes);
}

} // namespace

class CliBadInputTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        const std::vector<float> tone = sine(440, 3.0, 44100, 0.3f);
        writeWav(path("good.wav"), tone, 44100);
        writeAudio(path("good.flac"), tone, 44100, 1, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        truncatedCopy(path("good.wav"), path("truncated.wav"), 30000);
        truncatedCopy(path("good.flac"), path("corrupt.flac"), 3000);
        writeBytes(path("shopping-list.wav"), "This is a shopping list, not a song.\n");
        writeBytes(path("zero-bytes.wav"), {});
        writeWav(path("zero-frames.wav"), {}, 44100);
        writeAudio(path("one-sample.wav"), {0.5f}, 44100, 1, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        writeWav(path("silent.wav"), silence(3.0, 44100), 44100);
        std::vector<float> withNan = tone, withInf = tone;
        withNan[1234] = NAN;
        withInf[2000] = -INFINITY;
        writeAudio(path("nan.wav"), withNan, 44100, 1, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        writeAudio(path("inf.wav"), withInf, 44100, 1, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        writeWav(path("8k-mono.wav"), sine(440, 3.0, 8000, 0.3f), 8000);
        std::vector<std::vector<float>> six;
        for (int c = 0; c < 6; ++c) six.push_back(sine(220.0 * (c + 1), 3.0, 96000, 0.2f));
        writeAudio(path("96k-6ch.wav"), interleave(six), 96000, 6, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    }

    // predict FILE with the bundled model: refused with one line naming the file, or analysed
    // (with a warning where the result means little).
    void audioFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");  // a pattern stdout+stderr must contain
        QTest::newRow("truncated WAV") << "truncated.wav" << 1
                                       << "error: .*truncated.wav: truncated: the header declares 264600 bytes of audio data but the file holds 29956";
        QTest::newRow("corrupt FLAC") << "corrupt.flac" << 1 << "error: .*corrupt.flac: corrupt audio data after frame \\d+";
        QTest::newRow("text named .wav") << "shopping-list.wav" << 1 << "error: .*shopping-list.wav: not a recognised audio format";
        QTest::newRow("zero bytes") << "zero-bytes.wav" << 1 << "error: .*zero-bytes.wav: empty file \\(0 bytes\\)";
        QTest::newRow("zero frames") << "zero-frames.wav" << 1 << "error: .*zero-frames.wav: zero-length audio";
        QTest::newRow("one sample") << "one-sample.wav" << 0
                                    << "warning: .*one-sample.wav: shorter than one segment \\(1 frame\\(s\\), 0.000 s; a segment is 1.000 s\\): "
                                       "analysed as one zero-padded segment[\\s\\S]*one-sample.wav \\(1 segment\\)";
        QTest::newRow("silent") << "silent.wav" << 0
                                << "warning: .*silent.wav: silent \\(every sample is zero\\): its probabilities describe silence[\\s\\S]*"
                                   "silent.wav \\(3 segments\\)";
        QTest::newRow("NaN samples") << "nan.wav" << 1 << "error: .*nan.wav: contains NaN samples \\(first at frame 1234\\)";
        QTest::newRow("Inf samples") << "inf.wav" << 1 << "error: .*inf.wav: contains Inf samples \\(first at frame 2000\\)";
        QTest::newRow("8 kHz mono") << "8k-mono.wav" << 0 << "8k-mono.wav \\(3 segments\\)\n  \\w{3} \\d\\.\\d\\d";
        QTest::newRow("96 kHz 6 channels") << "96k-6ch.wav" << 0 << "96k-6ch.wav \\(3 segments\\)\n  \\w{3} \\d\\.\\d\\d";
        QTest::newRow("missing") << "absent.ogg" << 1 << "error: .*absent.ogg: no such file";
    }
    void audioFiles() {
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        const CliRun r = cli({"predict", path(file)});
        const QString output = r.err + r.out;
        QVERIFY2(output.contains(QRegularExpression(expected)), qPrintable(output));
        QCOMPARE(r.exitCode, exitCode);
        if (exitCode == 0) QVERIFY2(!r.err.contains("error:"), qPrintable(r.err));
    }

    // One bad file among good ones: the others are still predicted, and the status says not all were.
    void oneBadFileDoesNotStopTheRest() {
        const CliRun r = cli({"predict", "--csv", path("some.csv"), path("good.wav"), path("truncated.wav"), path("good.flac")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("truncated.wav: truncated"));
        QVERIFY(r.out.contains(path("good.wav") + " (3 segments)") && r.out.contains(path("good.flac") + " (3 segments)"));
        QVERIFY(r.out.contains("(2 rows)"));
    }

    // A folder stands for its audio files, sorted; --recursive adds those below it; results
    // print file by file and stderr ends with the count; a folder without audio is refused.
    void predictsAFolder() {
        QVERIFY(QDir().mkpath(path("batch/sub")));
        QVERIFY(QFile::copy(path("good.wav"), path("batch/b.wav")));
        QVERIFY(QFile::copy(path("good.flac"), path("batch/a.flac")));
        QVERIFY(QFile::copy(path("good.wav"), path("batch/sub/c.wav")));
        writeBytes(path("batch/notes.txt"), "not audio\n");
        CliRun r = cli({"predict", path("batch")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.indexOf(path("batch/a.flac") + " (3 segments)") < r.out.indexOf(path("batch/b.wav") + " (3 segments)"), qPrintable(r.out));
        QVERIFY(r.out.contains(path("batch/a.flac")) && !r.out.contains("c.wav") && !r.out.contains("notes.txt"));
        QVERIFY2(r.err.trimmed().endsWith("predict: 2 of 2 files"), qPrintable(r.err));
        r = cli({"predict", "--recursive", path("batch")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(path("batch/sub/c.wav") + " (3 segments)"));
        QVERIFY2(r.err.trimmed().endsWith("predict: 3 of 3 files"), qPrintable(r.err));
        QVERIFY(QDir().mkpath(path("empty")));
        r = cli({"predict", path("empty")});
        QCOMPARE(r.exitCode, 2);  // as any refused input, before a model is loaded
        QVERIFY2(r.err.contains(path("empty") + ": no audio files (.wav, .flac, .ogg, .mp3, .opus, .m4a, .aac, .wma, .webm) in the folder (--recursive looks below it)"), qPrintable(r.err));
    }

    void unreadablePermissions() {
        QFile::copy(path("good.wav"), path("locked.wav"));
        QFile::setPermissions(path("locked.wav"), QFileDevice::Permissions());
        QProcess p;
        if (geteuid() == 0) {
            // root reads any file: the user who meets this is not root, so run as nobody.
            QFile::setPermissions(dir_.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                   QFileDevice::ReadOther | QFileDevice::ExeOther);
            p.setChildProcessModifier([] {
                if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(99);
            });
        }
        p.start(QStringLiteral(TIMBRESCOPE_CLI), {"info", path("locked.wav")});
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains("error: " + path("locked.wav") + ": cannot be read: Permission denied"), qPrintable(err));
    }

    // A dataset folder with label files of unknown codes or binary garbage, and an empty class
    // folder: scanned with each problem named; --strict refuses it.
    void messyDatasetFolder() {
        const QString root = path("messy");
        for (const char* folder : {"/IRMAS-TrainingData/flu", "/IRMAS-TrainingData/org", "/IRMAS-TestingData"}) QDir().mkpath(root + folder);
        writeWav(root + "/IRMAS-TrainingData/flu/[flu][cla]0001__1.wav", sine(880, 1.0, 44100), 44100);
        writeWav(root + "/IRMAS-TestingData/song-1.wav", sine(440, 2.0, 44100), 44100);
        writeBytes(root + "/IRMAS-TestingData/song-1.txt", "pia\t\nbanjo\t\n");
        writeWav(root + "/IRMAS-TestingData/song-2.wav", sine(330, 2.0, 44100), 44100);
        writeBytes(root + "/IRMAS-TestingData/song-2.txt", QByteArray("\x00\x01\xff\xfegarbage\x00", 12));
        CliRun r = cli({"scan", root});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QRegularExpression("song-1.txt: unknown class code 'banjo'")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("song-2.txt: not a text label file")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("IRMAS-TrainingData/org: empty class folder")), qPrintable(r.out));
        r = cli({"scan", "--strict", root});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QRegularExpression("error: .*messy: \\d+ problem\\(s\\) found \\(strict mode\\)")), qPrintable(r.err));
    }

    // Damaged run folders and model files: refused, naming the file, before anything is predicted.
    void damagedRunsAndModels_data() {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("expected");
        const QString crnn3 = assets("models/crnn3");
        copyRun(crnn3, path("truncated-run"));
        truncatedCopy(crnn3 + "/fold-2.pt", path("truncated-run/fold-2.pt"), QFileInfo(crnn3 + "/fold-2.pt").size() / 2);
        copyRun(crnn3, path("garbage-run"));
        writeBytes(path("garbage-run/fold-1.pt"), QByteArray(4096, '\x5a'));
        copyRun(crnn3, path("other-arch-run"));
        QFile::remove(path("other-arch-run/fold-1.pt"));
        QFile::copy(assets("models/cqt-cnn-reduced/fold-1.pt"), path("other-arch-run/fold-1.pt"));
        copyRun(crnn3, path("flipped-run"));
        flipOneBit(path("flipped-run/fold-2.pt"));  // one bit of one weight
        copyRun(crnn3, path("newer-run"));
        replaceInFile(path("newer-run/run.json"), "\"format\": 1", "\"format\": 99");
        copyRun(crnn3, path("json-cut-run"));
        truncatedCopy(crnn3 + "/run.json", path("json-cut-run/run.json"), 200);

        QTest::newRow("truncated checkpoint") << "truncated-run"
                                              << "truncated-run/fold-2.pt: not a valid safetensors model file: tensor \\S+ has data_offsets \\[\\d+, \\d+\\] outside the \\d+ data bytes";
        QTest::newRow("garbage checkpoint") << "garbage-run" << "garbage-run/fold-1.pt: not a readable model file";
        QTest::newRow("bit-flipped checkpoint") << "flipped-run"
                                                << "flipped-run/fold-2.pt: damaged model file: its weights do not match their checksum \\(data_xxh3_64\\)";
        QTest::newRow("another architecture") << "other-arch-run"
                                              << "other-arch-run/fold-1.pt: holds a cqt-cnn-reduced model where crnn3 was expected";
        QTest::newRow("newer run format") << "newer-run" << "newer-run/run.json: written by a newer Timbrescope \\(run format 99, this build reads up to 1\\)";
        QTest::newRow("truncated run.json") << "json-cut-run" << "json-cut-run/run.json: damaged run record \\(not valid JSON\\)";
    }
    void damagedRunsAndModels() {
        QFETCH(QString, run);
        QFETCH(QString, expected);
        for (const QStringList& args : {QStringList{"predict", "--model", path(run), path("good.wav")},
                                         QStringList{"eval", "--run", path(run), "--test", path("messy/IRMAS-TestingData")}}) {
            const CliRun r = cli(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QRegularExpression("(^|\n)error: .*" + expected)), qPrintable(r.err));
            QVERIFY2(!r.out.contains(QRegularExpression("segments?\\)")), qPrintable(r.out));
        }
    }
};

QTEST_GUILESS_MAIN(CliBadInputTest)
#include "CliBadInputTest.moc"
