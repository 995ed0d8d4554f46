// IRMAS file names: class, drum and genre tags, recording groups, test songs.

#include "engine/data/IrmasName.h"

#include <QtTest>

using namespace timbrescope::data;

class IrmasNameTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesRealTrainingNames() {
        TrainingName n = parseTrainingName("[cel][cla]0001__1.wav");
        QCOMPARE(QString::fromStdString(n.classTag), QStringLiteral("cel"));
        QCOMPARE(n.drums, Drums::Unknown);
        QCOMPARE(QString::fromStdString(n.genre), QStringLiteral("cla"));
        QCOMPARE(QString::fromStdString(n.recording), QStringLiteral("[cel][cla]0001"));
        QCOMPARE(n.excerpt, 1);

        n = parseTrainingName("008__[cel][nod][cla]0058__1.wav");
        QCOMPARE(QString::fromStdString(n.classTag), QStringLiteral("cel"));
        QCOMPARE(n.drums, Drums::Absent);
        QCOMPARE(QString::fromStdString(n.genre), QStringLiteral("cla"));
        QCOMPARE(QString::fromStdString(n.recording), QStringLiteral("008__[cel][nod][cla]0058"));

        // [cla] is both a class and a genre: first tag is the class, later ones the genre.
        n = parseTrainingName("[cla][dru][pop_roc]0042__3.wav");
        QCOMPARE(QString::fromStdString(n.classTag), QStringLiteral("cla"));
        QCOMPARE(n.drums, Drums::Present);
        QCOMPARE(QString::fromStdString(n.genre), QStringLiteral("pop_roc"));
        QCOMPARE(n.excerpt, 3);
    }

    void excerptsOfOneRecordingShareItsKey() {
        QCOMPARE(parseTrainingName("[pia][jaz_blu]1519__1.wav").recording, parseTrainingName("[pia][jaz_blu]1519__3.wav").recording);
        QVERIFY(parseTrainingName("[pia][jaz_blu]1519__1.wav").recording != parseTrainingName("[pia][jaz_blu]1520__1.wav").recording);
    }

    void anOverlongExcerptNumberIsPartOfTheRecording() {
        // Found by fuzzing the scanner: stoi threw out_of_range, which no caller expected.
        const std::string base = "[flu][cla]0001__" + std::string(80, '2');
        const TrainingName n = parseTrainingName(base + ".wav");
        QCOMPARE(n.excerpt, 0);
        QCOMPARE(n.recording, base);
        QCOMPARE(QString::fromStdString(n.classTag), QStringLiteral("flu"));
        QCOMPARE(parseTrainingName("[flu][cla]0001__123456789.wav").excerpt, 123456789);
    }

    void namesWithoutTagsStillParse() {
        const TrainingName n = parseTrainingName("recording.wav");
        QVERIFY(n.classTag.empty());
        QCOMPARE(QString::fromStdString(n.recording), QStringLiteral("recording"));
        QCOMPARE(n.excerpt, 0);
    }

    void formatsWhatItParses() {
        const std::string name = formatTrainingName("sax", Drums::Present, "lat_sou", 58, 2, 8);
        QCOMPARE(QString::fromStdString(name), QStringLiteral("008__[sax][dru][lat_sou]0058__2.wav"));
        const TrainingName n = parseTrainingName(name);
        QCOMPARE(QString::fromStdString(n.classTag), QStringLiteral("sax"));
        QCOMPARE(n.drums, Drums::Present);
        QCOMPARE(QString::fromStdString(n.genre), QStringLiteral("lat_sou"));
        QCOMPARE(n.excerpt, 2);
        QCOMPARE(QString::fromStdString(formatTrainingName("vio", Drums::Unknown, "cla", 7, 1)), QStringLiteral("[vio][cla]0007__1.wav"));
    }

    void testSongs() {
        QCOMPARE(QString::fromStdString(testSong("01 - Fire Engine-4.wav")), QStringLiteral("01 - Fire Engine"));
        QCOMPARE(QString::fromStdString(testSong("(02) dont kill the whale-1.wav")), QStringLiteral("(02) dont kill the whale"));
        QCOMPARE(QString::fromStdString(testSong("loose.wav")), QStringLiteral("loose"));
    }
};

QTEST_GUILESS_MAIN(IrmasNameTest)
#include "IrmasNameTest.moc"
