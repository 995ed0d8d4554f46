#include "widgets/TimeAxis.h"

#include <algorithm>
#include <cmath>

namespace timbrescope::widgets {
namespace {

constexpr int kLabelColumn = 120;  // the heat map's instrument names; the waveform's amplitudes
constexpr int kGap = 16;
constexpr int kRightEdge = 8;

} // namespace

TimeColumns timeColumnsFor(int width) {
    TimeColumns c;
    c.plotLeft = kLabelColumn;
    c.sideWidth = std::clamp(width / 4, 110, 300);
    c.sideLeft = std::max(kLabelColumn + kGap + 1, width - kRightEdge - c.sideWidth);
    c.plotWidth = std::max(1, c.sideLeft - kGap - c.plotLeft);
    return c;
}

int TimeSpan::x(double seconds, int left, int width) const {
    return left + (duration > 0.0 ? int(std::lround((seconds - start) / duration * width)) : 0);
}

double TimeSpan::secondsAt(int xPixel, int left, int width) const {
    return start + double(xPixel - left) / std::max(1, width) * duration;
}

double niceTimeStep(double pixelsPerSecond, double minPixels) {
    static const double steps[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};
    for (double s : steps)
        if (s * pixelsPerSecond >= minPixels) return s;
    return 7200;
}

QString timeLabel(double seconds, double step) {
    if (seconds >= 60.0) {
        const int whole = static_cast<int>(std::lround(seconds));
        return QStringLiteral("%1:%2").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
    }
    return QString::number(seconds, 'f', step < 0.1 ? 2 : step < 1.0 ? 1 : 0) + QStringLiteral(" s");
}

void drawTimeTicks(QPainter& p, const QRect& plot, const TimeSpan& span, int paneWidth) {
    if (span.duration <= 0.0) return;
    const double step = niceTimeStep(plot.width() / span.duration, 70.0);
    const QFontMetrics fm = p.fontMetrics();
    for (long i = long(std::ceil(span.start / step - 1e-9));; ++i) {
        const double t = double(i) * step;
        if (t > span.start + span.duration + 1e-9) break;
        const int x = span.x(t, plot.left(), plot.width());
        p.drawLine(x, plot.bottom() + 1, x, plot.bottom() + 5);
        const QString label = timeLabel(t, step);
        const int w = fm.horizontalAdvance(label);
        p.drawText(std::clamp(x - w / 2, 0, paneWidth - w), plot.bottom() + 6 + fm.ascent(), label);
    }
}

} // namespace timbrescope::widgets
