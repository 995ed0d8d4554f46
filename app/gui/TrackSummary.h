#pragma once
// What the window shows about a loaded track: plain data handed from the engine thread to the
// GUI thread (no engine types cross into widgets).

#include "widgets/WaveformSummary.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace timbrescope::audio {
struct Track;
}

namespace timbrescope::gui {

struct TrackSummary {
    QString path;
    QString description;                             // one line: format, channels, rate, length, levels
    std::shared_ptr<const std::vector<float>> mono;  // what the models hear: mono at sampleRate
    std::shared_ptr<const widgets::WaveformSummary> waveform;  // of `mono`, built off the window's thread
    int sampleRate = 0;
    double segmentSeconds = 1.0;
    int segments = 0;
    double unanalysedSeconds = 0.0;  // the partial last second no segment covers
    QStringList warnings;
};

// The summary of a decoded track (its mono signal is moved into the summary).
TrackSummary summarizeTrack(const QString& path, audio::Track&& track, int segmentLength, int hop);

} // namespace timbrescope::gui

Q_DECLARE_METATYPE(timbrescope::gui::TrackSummary)
