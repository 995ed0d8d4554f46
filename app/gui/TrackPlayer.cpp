#include "app/gui/TrackPlayer.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QMediaDevices>

#include <algorithm>
#include <cmath>

namespace timbrescope::gui {

TrackPlayer::TrackPlayer(QObject* parent) : QObject(parent) {
    ticker_.setInterval(30);
    connect(&ticker_, &QTimer::timeout, this, [this] {
        if (!sink_) return;
        const double played = double(sink_->processedUSecs()) / 1e6;
        Q_EMIT positionChanged(start_ + std::min(played, length_));
        // All data handed over: stop once the device has played it (or stops making progress),
        // so the last fraction of a second is heard, not cut off.
        if (draining_) {
            if (played > drainedTo_) {
                drainedTo_ = played;
                stalledTicks_ = 0;
            }
            if (played >= length_ - 0.005 || ++stalledTicks_ > 20) stop();
        }
    });
}

TrackPlayer::~TrackPlayer() { stop(); }

QString TrackPlayer::unavailableReason() const {
    if (QMediaDevices::audioOutputs().isEmpty()) return tr("Playback needs an audio output device, and this system has none");
    return {};
}

void TrackPlayer::setSignal(std::shared_ptr<const std::vector<float>> samples, int sampleRate) {
    stop();
    samples_ = std::move(samples);
    sampleRate_ = sampleRate;
}

void TrackPlayer::play(double startSeconds, double endSeconds) {
    stop();
    if (!samples_ || sampleRate_ <= 0 || !available()) return;
    const auto first = std::size_t(std::clamp(startSeconds * sampleRate_, 0.0, double(samples_->size())));
    const auto last = std::size_t(std::clamp(endSeconds * sampleRate_, double(first), double(samples_->size())));
    // 16-bit PCM, peak-normalised so quiet tracks are audible.
    float peak = 1e-6f;
    for (std::size_t i = first; i < last; ++i) peak = std::max(peak, std::fabs((*samples_)[i]));
    const float gain = std::min(1.0f, 0.9f / peak) * 32767.0f;
    pcm_.resize(qsizetype((last - first) * 2));
    auto* out = reinterpret_cast<qint16*>(pcm_.data());
    for (std::size_t i = first; i < last; ++i) out[i - first] = qint16(std::lround((*samples_)[i] * gain));
    buffer_.close();
    buffer_.setData(pcm_);
    buffer_.open(QIODevice::ReadOnly);

    QAudioFormat format;
    format.setSampleRate(sampleRate_);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Int16);
    sink_ = new QAudioSink(QMediaDevices::defaultAudioOutput(), format, this);
    connect(sink_, &QAudioSink::stateChanged, this, [this](QAudio::State state) {
        if (state == QAudio::IdleState) draining_ = true;  // the ticker stops it once heard
        if (state == QAudio::StoppedState) QMetaObject::invokeMethod(this, &TrackPlayer::stop, Qt::QueuedConnection);
    });
    start_ = double(first) / sampleRate_;
    length_ = double(last - first) / sampleRate_;
    draining_ = false;
    drainedTo_ = 0.0;
    stalledTicks_ = 0;
    sink_->start(&buffer_);
    ticker_.start();
}

void TrackPlayer::stop() {
    if (!sink_) return;
    ticker_.stop();
    QAudioSink* sink = sink_;
    sink_ = nullptr;
    sink->disconnect(this);
    sink->stop();
    delete sink;  // never inside its own signal: its state changes reach stop() queued
    Q_EMIT stopped();
}

} // namespace timbrescope::gui
