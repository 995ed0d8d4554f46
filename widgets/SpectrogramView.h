#pragma once
// The whole track's constant-Q spectrogram (what the CQT baseline hears: 96 semitone bins from
// C1) on the waveform's time axis: it follows the zoom and scroll, names octaves on the left,
// shows its dB scale on the right, and says the note, time and level under the pointer.

#include "widgets/TimeAxis.h"

#include <QImage>
#include <QMetaType>
#include <QWidget>

#include <vector>

namespace timbrescope::widgets {

struct SpectrogramData {
    int bins = 0;
    int frames = 0;
    double framesPerSecond = 0.0;
    double fmin = 32.703195662574829;  // bin 0 (C1)
    int binsPerOctave = 12;
    float floorDb = -80.0f;
    std::vector<float> db;  // frame-major: frames × bins, 0 dB = the track's loudest bin
    QString pending;        // not computed yet: what is being done

    float at(int frame, int bin) const { return db[std::size_t(frame) * std::size_t(bins) + std::size_t(bin)]; }
};

class SpectrogramView : public QWidget {
    Q_OBJECT
public:
    explicit SpectrogramView(QWidget* parent = nullptr);

    void setData(SpectrogramData data);
    void clear();
    const SpectrogramData& data() const { return data_; }
    // The waveform's visible range; a zero duration shows the whole track.
    void setVisibleRange(double start, double duration);
    TimeSpan visibleSpan() const;

    QRect plotRect() const;
    QRect colorScaleRect() const;
    int yForBin(int bin) const;  // the row's centre
    // "A4 (440 Hz) · 1.25 s: −12 dB" under the pointer; empty outside the plot.
    QString valueTextAt(const QPoint& at) const;
    // "C4" for a bin of 12 per octave from C1; the frequency otherwise.
    QString binName(int bin) const;

    QSize sizeHint() const override { return {900, 150}; }
    QSize minimumSizeHint() const override { return {300, 80}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    double trackSeconds() const;
    int frameAt(int x) const;  // -1 outside
    int binAt(int y) const;

    SpectrogramData data_;
    QImage image_;  // frames wide, bins tall (highest bin on top), built once per track
    double viewStart_ = 0.0, viewDuration_ = 0.0;
};

} // namespace timbrescope::widgets

Q_DECLARE_METATYPE(timbrescope::widgets::SpectrogramData)
