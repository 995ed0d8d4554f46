// Session files: what is saved comes back, paths follow a project folder that moved, and a file
// that is not a session (or a damaged one) is refused with one line naming it and the field.

#include "app/gui/Assets.h"
#include "app/gui/Session.h"
#include "engine/core/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace timbrescope::gui;

namespace {

void write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QString refusal(const QString& path) {
    try {
        loadSession(path);
    } catch (const timbrescope::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class SessionTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void whatIsSavedComesBackAfterTheFolderMoves() {
        const QString project = dir_.filePath("project");
        QVERIFY(QDir().mkpath(project + "/audio"));
        QVERIFY(QDir().mkpath(dir_.filePath("elsewhere/runs/crnn3")));
        Session s;
        s.tracks = {project + "/audio/a.flac", project + "/audio/b.wav"};
        s.currentTrack = project + "/audio/b.wav";
        s.model = dir_.filePath("elsewhere/runs/crnn3");  // outside the project: "../elsewhere/..."
        s.dataset = project + "/audio";
        s.compareA = dir_.filePath("elsewhere/runs/crnn3");
        s.compareB = dir_.filePath("elsewhere/runs/cqt");
        s.viewStart = 1.5;
        s.viewDuration = 2.25;
        s.selectionStart = 1.75;
        s.selectionEnd = 3.0;
        s.segment = 2;
        saveSession(s, project + "/work.timbrescope");
        QCOMPARE(loadSession(project + "/work.timbrescope"), s);
        QFile saved(project + "/work.timbrescope");
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray text = saved.readAll();
        QVERIFY(text.contains("\"audio/b.wav\"") && text.contains("\"../elsewhere/runs/crnn3\""));
        QVERIFY(!text.contains(dir_.path().toUtf8()));  // no machine's path inside
        // The project and what it points to move together: the session follows.
        QVERIFY(QDir().mkpath(dir_.filePath("moved")));
        QVERIFY(QDir().rename(project, dir_.filePath("moved/project")));
        const Session moved = loadSession(dir_.filePath("moved/project/work.timbrescope"));
        QCOMPARE(moved.currentTrack, dir_.filePath("moved/project/audio/b.wav"));
        QCOMPARE(moved.model, dir_.filePath("moved/elsewhere/runs/crnn3"));
        QCOMPARE(moved.segment, 2);
    }

    // The example session shipped with the assets names files that are there.
    void theBundledSessionOpens() {
        const Session s = loadSession(assetPath(QStringLiteral("sessions/zoomed-in.timbrescope")));
        QCOMPARE(s.tracks.size(), 2);
        const QStringList named = s.tracks + QStringList{s.currentTrack, s.model, s.compareA, s.compareB};
        for (const QString& p : named) QVERIFY2(QFileInfo::exists(p), qPrintable(p));
        QCOMPARE(s.segment, 2);
    }

    void aFileThatIsNotASessionIsRefused() {
        const QString path = dir_.filePath("bad.timbrescope");
        QCOMPARE(refusal(dir_.filePath("none.timbrescope")), dir_.filePath("none.timbrescope") + ": no such file");
        const std::pair<QByteArray, QString> cases[] = {
            {"RIFF....WAVE", "not a session file (not JSON"},
            {R"({"format": "sonic-visualiser"})", "not a session file (no \"format\": \"timbrescope-session\")"},
            {R"({"format": "timbrescope-session", "version": 7})", "session version 7 is not one this Timbrescope reads (up to 1)"},
            {R"({"format": "timbrescope-session", "version": 1, "tracks": "a.wav"})", "\"tracks\" must be a list of paths"},
            {R"({"format": "timbrescope-session", "version": 1, "model": 3})", "\"model\" must be a string"},
            {R"({"format": "timbrescope-session", "version": 1, "view": {"start": -2}})", "\"view.start\" must be a number ≥ 0"},
            {R"({"format": "timbrescope-session", "version": 1, "segment": 1.5})", "\"segment\" must be a whole number (-1: none)"},
        };
        for (const auto& [bytes, reason] : cases) {
            write(path, bytes);
            const QString message = refusal(path);
            QVERIFY2(message.startsWith(path + ": " + reason), qPrintable(message));
        }
        // Saving where nothing can be written names the file and leaves nothing behind.
        bool refused = false;
        try {
            saveSession({}, dir_.filePath("no/such/folder/s.timbrescope"));
        } catch (const timbrescope::Error& e) {
            refused = QString::fromUtf8(e.what()).startsWith(dir_.filePath("no/such/folder/s.timbrescope") + ": ");
        }
        QVERIFY(refused);
    }
};

QTEST_MAIN(SessionTest)
#include "SessionTest.moc"
