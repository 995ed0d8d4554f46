#pragma once
// Playback of what the models hear (the mono 22.05 kHz signal), the whole track or one segment,
// with the position reported for a moving playhead. Without an audio output it says so, and the
// window disables playback with that reason.

#include <QBuffer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class QAudioSink;

namespace timbrescope::gui {

class TrackPlayer : public QObject {
    Q_OBJECT
public:
    explicit TrackPlayer(QObject* parent = nullptr);
    ~TrackPlayer() override;

    // Empty when playback can work; else why not (e.g. no audio output device).
    QString unavailableReason() const;
    bool available() const { return unavailableReason().isEmpty(); }

    void setSignal(std::shared_ptr<const std::vector<float>> samples, int sampleRate);
    // Plays [startSeconds, endSeconds) of the signal; stops what was playing.
    void play(double startSeconds, double endSeconds);
    void stop();
    bool playing() const { return sink_ != nullptr; }

Q_SIGNALS:
    void positionChanged(double seconds);
    void stopped();

private:
    std::shared_ptr<const std::vector<float>> samples_;
    int sampleRate_ = 0;
    QByteArray pcm_;
    QBuffer buffer_;
    QAudioSink* sink_ = nullptr;
    QTimer ticker_;
    double start_ = 0.0, length_ = 0.0;  // seconds: where playback began, how much it plays
    bool draining_ = false;              // every sample handed to the device, not all heard yet
    double drainedTo_ = 0.0;
    int stalledTicks_ = 0;
};

} // namespace timbrescope::gui
