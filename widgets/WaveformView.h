#pragma once
// A whole-track waveform: min/max envelope with the RMS band inside it (Audacity's convention),
// a -1…+1 amplitude axis, a time ruler, the 1-s segment grid the models see, clipping marks,
// and a clickable segment selection.

#include "widgets/WaveformSummary.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace timbrescope::widgets {

class WaveformView : public QWidget {
    Q_OBJECT
public:
    explicit WaveformView(QWidget* parent = nullptr);

    // Shows `samples` (mono, `sampleRate` Hz) with a segment grid every `segmentSeconds`.
    void setSignal(std::shared_ptr<const std::vector<float>> samples, int sampleRate, double segmentSeconds = 1.0);
    void clear();

    bool hasSignal() const { return summary_.size() > 0; }
    double durationSeconds() const;
    int segmentCount() const;
    int selectedSegment() const { return selectedSegment_; }  // -1 when none
    void setSelectedSegment(int index);

    // Where things are drawn, for hit-testing and tests.
    QRect plotRect() const;
    int xForSeconds(double seconds) const;
    int yForAmplitude(float amplitude) const;

    QSize sizeHint() const override { return {900, 260}; }
    QSize minimumSizeHint() const override { return {300, 120}; }

Q_SIGNALS:
    void segmentSelected(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    void drawAxes(QPainter& p, const QRect& plot) const;
    void drawTimeRuler(QPainter& p, const QRect& plot) const;
    void drawSegments(QPainter& p, const QRect& plot) const;
    void drawEnvelope(QPainter& p, const QRect& plot) const;

    WaveformSummary summary_;
    int sampleRate_ = 0;
    double segmentSeconds_ = 1.0;
    int selectedSegment_ = -1;
};

} // namespace timbrescope::widgets
