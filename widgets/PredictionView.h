#pragma once
// What the model hears: per-instrument probability over the track (a heat map, one column per
// 1-s segment, on the waveform's time axis: it follows the waveform's zoom and scroll, with a
// colour scale and the value under the pointer) beside the track-level probabilities as bars,
// with the threshold drawn and the ground-truth instruments marked when the track has labels.

#include "widgets/TimeAxis.h"

#include <QMetaType>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace timbrescope::widgets {

struct PredictionData {
    QStringList classes;            // codes, e.g. "cel"
    QStringList names;              // e.g. "cello"
    std::vector<float> segments;    // segment-major: segments × classes probabilities
    std::vector<float> track;       // classes: mean over segments
    std::vector<float> thresholds;  // classes
    // classes the decision rule predicts (eval::decide), and its name; empty: those at or above
    // their threshold
    std::vector<bool> predicted;
    QString decision;
    std::vector<bool> labels;       // classes; empty when the track has no label file
    double segmentSeconds = 1.0;
    // No probabilities yet, but they are coming: what is being computed ("Predicting 7200 segments…").
    QString pending;
    // What the model makes of the whole track, in words ("Heard: piano, violin"), and whether it
    // is unsure (nothing stands out): shown above the heat map.
    QString verdict;
    bool unsure = false;
    // While a long track is predicted batch by batch: the share done (segments holds those).
    double progress = 1.0;

    int segmentCount() const { return classes.isEmpty() ? 0 : int(segments.size()) / int(classes.size()); }
    bool isPredicted(int cls) const {
        return predicted.empty() ? track[std::size_t(cls)] >= thresholds[std::size_t(cls)] : bool(predicted[std::size_t(cls)]);
    }
    float at(int segment, int cls) const { return segments[std::size_t(segment) * std::size_t(classes.size()) + std::size_t(cls)]; }
};

class PredictionView : public QWidget {
    Q_OBJECT
public:
    explicit PredictionView(QWidget* parent = nullptr);

    void setData(PredictionData data);
    void clear();
    const PredictionData& data() const { return data_; }
    void setSelectedSegment(int segment);
    // The part of the track in view (the waveform's); a zero duration shows every segment.
    void setVisibleRange(double start, double duration);
    TimeSpan visibleSpan() const;

    // Geometry, for hit-testing and tests.
    QRect heatMapRect() const;
    QRect barsRect() const;
    QRect cellRect(int segment, int cls) const;
    QRect barRect(int cls) const;  // the filled part
    QRect colorScaleRect() const;
    // What the pointer at `at` points to, in words ("violin · 2.0–3.0 s: 0.62"); empty elsewhere.
    QString valueTextAt(const QPoint& at) const;
    int thresholdX(int cls) const;
    // The heading over the bars: the longest wording that fits their column whole.
    QString barsHeading() const;

    QSize sizeHint() const override { return {900, 300}; }
    QSize minimumSizeHint() const override { return {420, 220}; }

Q_SIGNALS:
    void segmentClicked(int segment);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    int rowTop(int cls) const;
    int rowHeight() const;
    int segmentAt(int x) const;  // -1 outside the track
    int classAt(int y) const;    // -1 outside the rows
    double trackSeconds() const;

    PredictionData data_;
    int selected_ = -1;
    double viewStart_ = 0.0, viewDuration_ = 0.0;
};

} // namespace timbrescope::widgets

Q_DECLARE_METATYPE(timbrescope::widgets::PredictionData)
