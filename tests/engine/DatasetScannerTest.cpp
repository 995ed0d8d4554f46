// Reading IRMAS-layout folders: a generated set reads back with the intended labels; the real
// sets' odd nesting, label variants and every kind of mess are handled and reported.

#include "engine/core/Error.h"
#include "engine/data/DatasetScanner.h"
#include "engine/synth/DatasetSynthesizer.h"
#include "tests/support/AudioFixtures.h"

#include <QDir>

#include <sndfile.h>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace timbrescope;
using namespace timbrescope::data;
using namespace timbrescope::testing;

namespace {

bool warned(const DatasetIndex& index, const QString& pathPart, const QString& messagePart) {
    for (const auto& w : index.warnings)
        if (QString::fromStdString(w.path).contains(pathPart) && QString::fromStdString(w.message).contains(messagePart)) return true;
    return false;
}

} // namespace

class DatasetScannerTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& relative) const {
        const QString p = dir_.filePath(relative);
        QDir().mkpath(QFileInfo(p).path());
        return p;
    }
    QString tone(const QString& relative, double seconds = 1.0) { return writeWav(path(relative), sine(440, seconds, 44100), 44100); }

private Q_SLOTS:
    void generatedDatasetReadsBackWithTheIntendedLabels() {
        synth::SynthOptions o;
        o.outDir = dir_.filePath("synth").toStdString();
        o.trainPerClass = 3;
        o.testCount = 8;
        o.seed = 11;
        const synth::SynthReport report = synth::synthesizeDataset(o);

        const DatasetIndex index = scanDataset(dir_.filePath("synth").toStdString(), {true});  // strict: no warnings allowed
        QCOMPARE(index.entries.size(), report.files.size());
        std::map<std::string, const DatasetEntry*> byPath;
        for (const auto& e : index.entries) byPath[e.relativePath] = &e;
        std::map<std::string, std::string> groupOfRecording;  // generator's recording → scanner's group
        for (const auto& f : report.files) {
            const auto it = byPath.find(f.relativePath);
            QVERIFY2(it != byPath.end(), f.relativePath.c_str());
            const DatasetEntry& e = *it->second;
            QCOMPARE(e.labels, f.labels);
            QCOMPARE(e.split, f.split);
            QVERIFY(std::fabs(e.seconds() - f.seconds) < 1e-6);
            // The same recording ⇔ the same group.
            auto [known, inserted] = groupOfRecording.emplace(f.recording, e.group);
            QCOMPARE(known->second, e.group);
        }
        std::set<std::string> groups;
        for (const auto& [recording, group] : groupOfRecording) groups.insert(group);
        QCOMPARE(groups.size(), groupOfRecording.size());
        QVERIFY(index.duplicates.empty());
    }

    void readsTheRealTestingArchivesNesting() {
        // The three IRMAS test archives unpack with different nesting; label files vary.
        tone("real/IRMAS-TestingData-Part1/Part1/01 - A-1.wav");
        QFile::copy(path("real/IRMAS-TestingData-Part1/Part1/01 - A-1.wav"), path("real/IRMAS-TestingData-Part1/Part1/01 - A-2.wav"));
        writeBytes(path("real/IRMAS-TestingData-Part1/Part1/01 - A-1.txt"), "gel\t\nvoi\t\n");
        writeBytes(path("real/IRMAS-TestingData-Part1/Part1/01 - A-2.txt"), "gel\t\r\nvoi\t\r\n");
        writeWav(path("real/IRMAS-TestingData-Part2/IRTestingData-Part2/02 - B-1.wav"), noise(1.0, 44100, 0.2f), 44100);
        writeBytes(path("real/IRMAS-TestingData-Part2/IRTestingData-Part2/02 - B-1.txt"), "pia");
        writeWav(path("real/IRMAS-TestingData-Part3/Part3/03 - C-1.wav"), noise(2.0, 44100, 0.2f, 3), 44100);
        writeBytes(path("real/IRMAS-TestingData-Part3/Part3/03 - C-1.txt"), "\ncel\t\n\n");
        writeBytes(path("real/IRMAS-TestingData-Part3/.DS_Store"), "Bud1");

        const DatasetIndex index = scanDataset(dir_.filePath("real").toStdString());
        QCOMPARE(index.entries.size(), std::size_t(4));
        for (const auto& e : index.entries) QCOMPARE(e.split, Split::Test);
        QCOMPARE(index.entries[0].labels, LabelSet(labelBit(*classIndex("gel")) | labelBit(*classIndex("voi"))));
        QCOMPARE(index.entries[1].labels, index.entries[0].labels);
        QCOMPARE(index.entries[0].group, index.entries[1].group);  // two excerpts of one song
        QCOMPARE(index.entries[2].labels, labelBit(*classIndex("pia")));
        QCOMPARE(index.entries[3].labels, labelBit(*classIndex("cel")));
        QCOMPARE(index.warnings.size(), std::size_t(1));
        QVERIFY(warned(index, ".DS_Store", "stray file"));
        // The two identical excerpts carry the same labels: a duplicate, not a conflict.
        QCOMPARE(index.duplicates.size(), std::size_t(1));
        QVERIFY(!index.duplicates[0].conflictingLabels);
    }

    void reportsEveryKindOfMess() {
        const QString t = "messy/IRMAS-TrainingData/";
        tone(t + "cel/[cel][nod][cla]0001__1.wav");
        tone(t + "cel/[cel][nod][cla]0001__2.wav", 1.5);
        tone(t + "pia/[vio][dru][pop_roc]0002__1.wav", 2.0);   // tag differs from folder
        writeBytes(path(t + "pia/.DS_Store"), "Bud1");
        writeBytes(path(t + "pia/notes.txt"), "hello");
        QDir().mkpath(path(t + "org"));                          // empty class folder
        tone(t + "drums/[drums]0001__1.wav");                    // unknown class folder
        writeBytes(path(t + "sax/[sax][cla]0001__1.wav"), "not audio");  // unusable audio
        QFile::copy(path(t + "cel/[cel][nod][cla]0001__1.wav"), path(t + "gac/[gac][cou_fol]0009__1.wav"));  // identical, other label
        const QString s = "messy/IRMAS-TestingData/";
        tone(s + "unlabelled-1.wav");
        writeBytes(path(s + "orphan-1.txt"), "pia\t\n");
        tone(s + "weird-1.wav");
        writeBytes(path(s + "weird-1.txt"), "pia\t\nbanjo\t\n");
        tone(s + "binary-1.wav", 0.5);
        writeBytes(path(s + "binary-1.txt"), QByteArray("\x00\x01\x02garbage", 10));
        tone(s + "none-1.wav", 0.7);
        writeBytes(path(s + "none-1.txt"), "\n\n");
        tone("messy/stray.wav");

        const DatasetIndex index = scanDataset(dir_.filePath("messy").toStdString());
        QVERIFY(warned(index, "pia/.DS_Store", "stray file"));
        QVERIFY(warned(index, "pia/notes.txt", "stray file"));
        QVERIFY(warned(index, "[vio][dru][pop_roc]0002__1.wav", "differs from its class folder 'pia'"));
        QVERIFY(warned(index, "IRMAS-TrainingData/org", "empty class folder"));
        QVERIFY(warned(index, "IRMAS-TrainingData/drums", "unknown class folder 'drums'"));
        QVERIFY(warned(index, "[sax][cla]0001__1.wav", "unusable audio (ignored): not a recognised audio format"));
        QVERIFY(warned(index, "[cel][nod][cla]0001__1.wav", "byte-identical files with different labels"));
        QVERIFY(warned(index, "unlabelled-1.wav", "no label file unlabelled-1.txt"));
        QVERIFY(warned(index, "orphan-1.txt", "label file without a matching audio file"));
        QVERIFY(warned(index, "weird-1.txt", "unknown class code 'banjo'"));
        QVERIFY(warned(index, "binary-1.txt", "not a text label file"));
        QVERIFY(warned(index, "none-1.txt", "no known class codes"));
        QVERIFY(warned(index, "messy/stray.wav", "outside the dataset folders"));
        QVERIFY(warned(index, "IRMAS-TrainingData/flu", "no training files for class flu"));

        // What is usable is kept: 4 training files (cel ×2, pia, gac) and the weird-1 excerpt.
        QCOMPARE(index.indicesOf(Split::Train).size(), std::size_t(4));
        QCOMPARE(index.indicesOf(Split::Test).size(), std::size_t(1));
        const auto& pia = index.entries[index.indicesOf(Split::Train)[3]];
        QVERIFY(QString::fromStdString(pia.relativePath).contains("pia/"));
        QCOMPARE(pia.labels, labelBit(*classIndex("pia")));  // the folder wins
        QCOMPARE(index.entries[0].group, index.entries[1].group);  // __1 and __2 of one recording
        QCOMPARE(index.duplicates.size(), std::size_t(1));
        QVERIFY(index.duplicates[0].conflictingLabels);

        // Strict mode refuses the same folder, naming the problem.
        try {
            scanDataset(dir_.filePath("messy").toStdString(), {true});
            QFAIL("strict scan accepted a messy folder");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.reason()).contains("problem(s) found (strict mode)"));
        }
    }

    void acceptsTheTrainingFolderItself() {
        tone("only/IRMAS-TrainingData/flu/[flu][cla]0001__1.wav");
        const DatasetIndex index = scanDataset(dir_.filePath("only/IRMAS-TrainingData").toStdString());
        QCOMPARE(index.entries.size(), std::size_t(1));
        QCOMPARE(index.entries[0].labels, labelBit(*classIndex("flu")));
    }

    void readsLabelledExcerptsInAnyAudioFormat() {
        // A flat folder of FLAC and Ogg excerpts with their label files (like assets/demo/).
        writeAudio(path("demo/duet.flac"), sine(440, 1.0, 44100), 44100, 1, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        writeAudio(path("demo/solo.ogg"), sine(220, 1.0, 22050), 22050, 1, SF_FORMAT_OGG | SF_FORMAT_VORBIS);
        QFile duet(path("demo/duet.txt")), solo(path("demo/solo.txt"));
        QVERIFY(duet.open(QIODevice::WriteOnly) && duet.write("pia\nvoi\n") > 0);
        QVERIFY(solo.open(QIODevice::WriteOnly) && solo.write("flu\n") > 0);
        duet.close();
        solo.close();
        const DatasetIndex index = scanDataset(dir_.filePath("demo").toStdString(), {true});  // strict: no warnings
        QCOMPARE(index.entries.size(), std::size_t(2));
        QCOMPARE(index.entries[0].labels, labelBit(*classIndex("pia")) | labelBit(*classIndex("voi")));
        QCOMPARE(index.entries[0].split, Split::Test);
        QCOMPARE(index.entries[1].labels, labelBit(*classIndex("flu")));
    }

    void refusesWhatIsNotADataset() {
        QVERIFY_THROWS_EXCEPTION(Error, scanDataset(dir_.filePath("nowhere").toStdString()));
        QDir().mkpath(dir_.filePath("empty"));
        try {
            scanDataset(dir_.filePath("empty").toStdString());
            QFAIL("empty folder accepted");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.reason()).contains("no IRMAS data found"));
        }
    }
};

QTEST_GUILESS_MAIN(DatasetScannerTest)
#include "DatasetScannerTest.moc"
