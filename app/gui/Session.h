#pragma once
// A session file (.timbrescope, JSON): the workbench's state as one file a user saves and
// reopens, like Sonic Visualiser's sessions: the opened tracks and the one shown, the model,
// the dataset folder, the two runs compared, and where the user was looking (the visible range,
// the selected range and segment). Paths are stored relative to the session file's folder, so
// a project folder moved or copied elsewhere opens with its session.

#include <QString>
#include <QStringList>

namespace timbrescope::gui {

struct Session {
    QStringList tracks;  // opened on their own, in the order opened
    QString currentTrack;
    QString model;       // a run folder or model file
    QString dataset;     // a dataset folder
    QString compareA, compareB;
    double viewStart = 0.0, viewDuration = 0.0;  // 0: the whole track
    double selectionStart = 0.0, selectionEnd = 0.0;
    int segment = -1;

    bool operator==(const Session& o) const {
        return tracks == o.tracks && currentTrack == o.currentTrack && model == o.model && dataset == o.dataset &&
               compareA == o.compareA && compareB == o.compareB && viewStart == o.viewStart && viewDuration == o.viewDuration &&
               selectionStart == o.selectionStart && selectionEnd == o.selectionEnd && segment == o.segment;
    }
};

inline const QString kSessionSuffix = QStringLiteral("timbrescope");

// Writes atomically (never half a file). Throws Error(path, reason).
void saveSession(const Session& session, const QString& path);
// Throws Error(path, reason) for an unreadable file, not JSON, not a session, a newer version,
// or a field of the wrong type. Missing files it names are left for the window to report.
Session loadSession(const QString& path);

} // namespace timbrescope::gui
