#pragma once
// What the window shows about a loaded track: plain data handed from the loading thread to the
// GUI thread (no engine types cross into widgets).

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace timbrescope::gui {

struct TrackSummary {
    QString path;
    QString description;                             // one line: format, channels, rate, length, levels
    std::shared_ptr<const std::vector<float>> mono;  // what the models hear: mono at sampleRate
    int sampleRate = 0;
    double segmentSeconds = 1.0;
    QStringList warnings;
};

// Decodes `path` the way the models see it. Throws timbrescope::Error naming the file.
TrackSummary summarizeTrack(const QString& path);

} // namespace timbrescope::gui

Q_DECLARE_METATYPE(timbrescope::gui::TrackSummary)
