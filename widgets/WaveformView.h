#pragma once
// A track's waveform: min/max envelope with the RMS band inside it (Audacity's convention),
// a -1…+1 amplitude axis, a time ruler, the 1-s segment grid the models see, clipping marks,
// a clickable segment selection, a dragged range selection, zoom and scroll (wheel, keyboard),
// an overview bar of the whole track with the visible part framed, and beside the plot the
// levels of what is in view and selected. Its time axis is the one the heat map shares.

#include "widgets/TimeAxis.h"
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
    // The same from a summary built elsewhere: summarising two hours of audio takes a sizeable
    // fraction of a second, which the window's thread should not spend.
    void setSummary(std::shared_ptr<const WaveformSummary> summary, int sampleRate, double segmentSeconds = 1.0);
    void clear();

    bool hasSignal() const { return summary_->size() > 0; }
    double durationSeconds() const;
    int segmentCount() const;
    double segmentSeconds() const { return segmentSeconds_; }
    int selectedSegment() const { return selectedSegment_; }  // -1 when none
    void setSelectedSegment(int index);
    // The playback position as a vertical line; a negative time hides it.
    void setPlayhead(double seconds);
    double playhead() const { return playhead_; }

    // The amplitude axis: linear (−1…+1, magnified `verticalGain` times, 1 to 64, so a quiet
    // passage fills the plot) or in dBFS (0 at the edges to −60 at the centre line).
    enum class AmplitudeScale { Linear, Decibels };
    static constexpr double kDecibelRange = 60.0;
    void setAmplitudeScale(AmplitudeScale scale);
    AmplitudeScale amplitudeScale() const { return scale_; }
    void setVerticalGain(double gain);
    double verticalGain() const { return gain_; }

    // The visible span of the track, in seconds. Zooming keeps at least 50 ms in view.
    double visibleStart() const { return viewStart_; }
    double visibleDuration() const;
    void setVisibleRange(double start, double duration);
    void zoom(double factor, double aroundSeconds);  // factor < 1 zooms in
    void showAll() { setVisibleRange(0.0, durationSeconds()); }
    TimeSpan visibleSpan() const { return {viewStart_, visibleDuration()}; }

    // A range of time chosen by dragging across the plot (or set here); a click clears it.
    bool hasRangeSelection() const { return selectionEnd_ > selectionStart_; }
    double selectionStart() const { return selectionStart_; }
    double selectionEnd() const { return selectionEnd_; }
    void setRangeSelection(double start, double end);
    void clearRangeSelection();
    // Shows just the selected range; false when there is none.
    bool zoomToSelection();
    // The readout beside the plot: the levels of what is in view, the selected range and the
    // selected segment.
    struct LevelRow {
        QString what;         // "In view", "Selected", "Segment 3"
        double start, end;    // seconds
        float peak, rms;      // linear amplitude
    };
    std::vector<LevelRow> levelRows() const;
    // The same in words: "Selected 0.50–1.50 s: peak −6.0 dBFS, RMS −9.0 dBFS".
    QStringList levelLines() const;

    // Where things are drawn, for hit-testing and tests.
    QRect plotRect() const;
    QRect overviewRect() const;
    QRect sideRect() const;
    int xForSeconds(double seconds) const;
    int yForAmplitude(float amplitude) const;

    QSize sizeHint() const override { return {900, 260}; }
    QSize minimumSizeHint() const override { return {300, 120}; }

Q_SIGNALS:
    void segmentSelected(int index);
    void visibleRangeChanged(double start, double duration);
    void rangeSelected(double start, double end);  // end <= start: cleared

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void drawAxes(QPainter& p, const QRect& plot) const;
    void drawTimeRuler(QPainter& p, const QRect& plot) const;
    void drawSegments(QPainter& p, const QRect& plot) const;
    void drawEnvelope(QPainter& p, const QRect& plot) const;
    void drawOverview(QPainter& p) const;
    void drawLevels(QPainter& p) const;
    SampleRange levelsBetween(double start, double end) const;
    double secondsAtX(int x) const;
    float displayed(float amplitude) const;  // where on −1…+1 the amplitude is drawn
    void centreOverviewAt(int x);

    std::shared_ptr<const WaveformSummary> summary_ = std::make_shared<const WaveformSummary>();
    int sampleRate_ = 0;
    double segmentSeconds_ = 1.0;
    int selectedSegment_ = -1;
    double viewStart_ = 0.0, viewDuration_ = 0.0;  // 0: the whole track
    double playhead_ = -1.0;
    AmplitudeScale scale_ = AmplitudeScale::Linear;
    double gain_ = 1.0;
    double selectionStart_ = 0.0, selectionEnd_ = 0.0;
    double pressSeconds_ = -1.0;  // where a drag in the plot began; negative: none
    bool dragging_ = false;
};

} // namespace timbrescope::widgets
