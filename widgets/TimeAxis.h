#pragma once
// The time axis every time-aligned pane shares (the waveform, the prediction heat map), so that
// one moment sits at the same x in each, as in Sonic Visualiser's stacked panes: a label column
// on the left, the time plot, and a side column on the right (the whole-track bars beside the
// heat map, the visible range's levels beside the waveform).

#include <QPainter>
#include <QRect>
#include <QString>

namespace timbrescope::widgets {

struct TimeColumns {
    int plotLeft = 0;
    int plotWidth = 1;
    int sideLeft = 0;
    int sideWidth = 1;
};

// The columns of a pane `width` pixels wide; equal widths give equal columns.
TimeColumns timeColumnsFor(int width);

// The part of a track in view: `duration` seconds from `start`.
struct TimeSpan {
    double start = 0.0;
    double duration = 0.0;
    // x of `seconds` in a plot spanning [left, left + width).
    int x(double seconds, int left, int width) const;
    double secondsAt(int x, int left, int width) const;
};

// A tick step (seconds) that leaves at least `minPixels` between labels.
double niceTimeStep(double pixelsPerSecond, double minPixels);
// "2.5 s", "1:05".
QString timeLabel(double seconds, double step);
// Ticks and labels under `plot` for `span`, labels clamped inside [0, paneWidth).
void drawTimeTicks(QPainter& p, const QRect& plot, const TimeSpan& span, int paneWidth);

} // namespace timbrescope::widgets
