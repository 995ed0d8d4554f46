// synth → scan → prepare → degrade from the command line, as a user without IRMAS would start.

#include "tests/support/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = timbrescope::testing::CliRun;
Run cli(const QStringList& args) { return timbrescope::testing::runCli(QStringLiteral(TIMBRESCOPE_CLI), args); }

} // namespace

class CliDatasetTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString ds() const { return dir_.filePath("ds"); }

private Q_SLOTS:
    void synthThenScanReadsBackTheIntendedLabels() {
        Run r = cli({"synth", "--out", ds(), "--train-per-class", "2", "--test-count", "5", "--seed", "3", "--quiet"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("22 training files and 5 test excerpts"));
        QVERIFY(r.out.contains("x real time"));

        QFile manifestFile(QDir(ds()).filePath("timbrescope-synth.json"));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        QMap<QString, QString> intended;
        for (const auto& f : QJsonDocument::fromJson(manifestFile.readAll()).object()["files"].toArray())
            intended[f.toObject()["path"].toString()] = f.toObject()["labels"].toString();
        QCOMPARE(intended.size(), 27);

        r = cli({"scan", "--strict", "--json", ds()});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject scan = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(scan["warnings"].toArray().size(), 0);
        QCOMPARE(scan["training"].toObject()["files"].toInt(), 22);
        QCOMPARE(scan["testing"].toObject()["files"].toInt(), 5);
        QMap<QString, QString> found;
        for (const auto& f : scan["files"].toArray()) {
            QStringList labels;
            for (const auto& l : f.toObject()["labels"].toArray()) labels << l.toString();
            found[f.toObject()["path"].toString()] = labels.join('+');
        }
        QCOMPARE(found, intended);

        r = cli({"scan", ds()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QRegularExpression("Training: 22 files, \\d+ recordings, 66.0 s")));
        QVERIFY(r.out.contains(QRegularExpression("cel\\s+2\\s+\\d+\\s+6.0")));
        QVERIFY(r.out.contains("labels per excerpt:"));
    }

    void prepareFillsTheCacheOnceAndFeedsBatches() {
        Run r = cli({"prepare", "--batch", "16", ds()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("27 files: 0 already cached, 27 decoded"), qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression("Folds \\(5, .*\\): training files per fold( \\d+){5}")));
        QVERIFY(r.out.contains(QRegularExpression("Batch loader: one shuffled epoch of \\d+ segments in batches of 16")));
        r = cli({"prepare", ds()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("27 files: 27 already cached, 0 decoded"), qPrintable(r.out));
    }

    void degradedCopyIsTheSameTestSetHeardThroughARoomAndACodec() {
        const QString out = dir_.filePath("degraded");
        Run r = cli({"degrade", "--in", QDir(ds()).filePath("IRMAS-TestingData"), "--out", out, "--room", "1", "--codec", "1",
                     "--seed", "4", "--quiet"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Degraded 5 tracks (codec 5, room 5), copied 5 label files"), qPrintable(r.out));
        r = cli({"scan", "--strict", "--json", out});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["testing"].toObject()["files"].toInt(), 5);

        r = cli({"degrade", "--in", QDir(ds()).filePath("IRMAS-TestingData"), "--out", out, "--room", "1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("degraded: already exists and is not an empty folder"));
        r = cli({"degrade", "--in", ds(), "--out", dir_.filePath("d2")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no effect has a share above 0"), qPrintable(r.err));
        r = cli({"degrade", "--in", ds(), "--out", dir_.filePath("d2"), "--rt60", "2:1", "--room", "1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--rt60: '2:1' is not MIN:MAX"));
        QVERIFY(!QFile::exists(dir_.filePath("d2")));
    }

    void problemsAreReported() {
        Run r = cli({"synth", "--out", ds(), "--train-per-class", "1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("already holds IRMAS-TrainingData"));
        r = cli({"synth", "--out", dir_.filePath("x"), "--soundfont", dir_.filePath("none.sf2")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("none.sf2: no such SoundFont file"));
        r = cli({"synth", "--out", dir_.filePath("x"), "--classes", "pia,drm"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--classes: 'drm' is not an IRMAS class code"), qPrintable(r.err));
        r = cli({"synth", "--out", dir_.filePath("x"), "--classes", "pia,vio,pia"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--classes: 'pia' is named twice"), qPrintable(r.err));
        QVERIFY(!QFile::exists(dir_.filePath("x")));
        QFile::copy(QDir(ds()).filePath("timbrescope-synth.json"), QDir(ds()).filePath("IRMAS-TrainingData/pia/manifest.json"));
        r = cli({"scan", "--strict", ds()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("manifest.json: stray file"));
        r = cli({"scan", dir_.filePath("missing")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("missing: no such folder"));
    }
};

QTEST_GUILESS_MAIN(CliDatasetTest)
#include "CliDatasetTest.moc"
