#include "app/gui/TrackSummary.h"

#include "engine/audio/LevelMeter.h"
#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"

namespace timbrescope::gui {

TrackSummary summarizeTrack(const QString& path, audio::Track&& track, int segmentLength, int hop) {
    TrackSummary summary;
    summary.path = path;
    summary.sampleRate = track.sampleRate;
    summary.segmentSeconds = double(segmentLength) / track.sampleRate;
    summary.segments = int(audio::segmentCount(static_cast<std::int64_t>(track.mono.size()), segmentLength, hop));
    const std::int64_t tail = audio::unanalysedTail(static_cast<std::int64_t>(track.mono.size()), segmentLength, hop);
    summary.unanalysedSeconds = double(tail) / track.sampleRate;
    // Segments drop a partial last second, as the paper's evaluation does: say so, with how much.
    const QString segments = summary.unanalysedSeconds > 0
                                 ? QStringLiteral("%1 segments of 1 s (the last %2 s not analysed)")
                                       .arg(summary.segments)
                                       .arg(summary.unanalysedSeconds, 0, 'f', 2)
                                 : QStringLiteral("%1 segments of 1 s").arg(summary.segments);
    summary.description = QStringLiteral("%1, %2 · %3 ch · %4 Hz · %5 s · %6 · peak %7 dBFS · RMS %8 dBFS")
                              .arg(QString::fromStdString(track.source.format), QString::fromStdString(track.source.encoding))
                              .arg(track.source.channels)
                              .arg(track.source.sampleRate)
                              .arg(track.durationSeconds(), 0, 'f', 3)
                              .arg(segments)
                              .arg(audio::LevelMeter::toDbfs(track.peak), 0, 'f', 1)
                              .arg(audio::LevelMeter::toDbfs(track.rms), 0, 'f', 1);
    for (const auto& w : track.warnings) summary.warnings << QString::fromStdString(w);
    summary.mono = std::make_shared<const std::vector<float>>(std::move(track.mono));
    summary.waveform = std::make_shared<const widgets::WaveformSummary>(summary.mono);
    return summary;
}

} // namespace timbrescope::gui
