#include "widgets/WaveformView.h"

#include "widgets/WaveformColors.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>
#include <QPainter>

#include <cmath>

namespace timbrescope::widgets {
namespace {

constexpr int kTopMargin = 8;
constexpr int kRulerHeight = 24;  // time labels
constexpr int kOverviewHeight = 20;  // the whole track, visible part framed
constexpr double kMinimumSpan = 0.05;  // seconds
constexpr int kDragPixels = 4;  // a press that moves less is a click

QString dbfs(float amplitude) {
    if (amplitude <= 1e-6f) return QStringLiteral("−∞");
    return QString::number(20.0 * std::log10(double(amplitude)), 'f', 1).replace('-', QChar(0x2212));
}

} // namespace

WaveformView::WaveformView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setMouseTracking(false);
    setFocusPolicy(Qt::StrongFocus);  // keyboard zoom and scroll
    setToolTip(tr("Click: select a 1-s segment · drag: select a range · wheel: zoom · Shift+wheel or arrows: scroll · "
                  "Ctrl+wheel or Up/Down: vertical zoom · 0: whole track"));
}

void WaveformView::setPlayhead(double seconds) {
    playhead_ = seconds;
    update();
}

double WaveformView::visibleDuration() const {
    return viewDuration_ > 0.0 ? viewDuration_ : durationSeconds();
}

void WaveformView::setVisibleRange(double start, double duration) {
    const double total = durationSeconds();
    if (total <= 0.0) return;
    duration = std::clamp(duration, std::min(kMinimumSpan, total), total);
    start = std::clamp(start, 0.0, total - duration);
    if (start == viewStart_ && duration == viewDuration_) return;
    viewStart_ = start;
    viewDuration_ = duration;
    update();
    Q_EMIT visibleRangeChanged(viewStart_, viewDuration_);
}

void WaveformView::setRangeSelection(double start, double end) {
    const double total = durationSeconds();
    start = std::clamp(start, 0.0, total);
    end = std::clamp(end, 0.0, total);
    if (end < start) std::swap(start, end);
    if (start == selectionStart_ && end == selectionEnd_) return;
    selectionStart_ = start;
    selectionEnd_ = end;
    update();
    Q_EMIT rangeSelected(selectionStart_, selectionEnd_);
}

void WaveformView::clearRangeSelection() { setRangeSelection(0.0, 0.0); }

bool WaveformView::zoomToSelection() {
    if (!hasRangeSelection()) return false;
    setVisibleRange(selectionStart_, selectionEnd_ - selectionStart_);
    return true;
}

void WaveformView::zoom(double factor, double aroundSeconds) {
    const double duration = visibleDuration() * factor;
    // Keep the time under the cursor where it is.
    const double fraction = (aroundSeconds - viewStart_) / visibleDuration();
    setVisibleRange(aroundSeconds - fraction * duration, duration);
}

double WaveformView::secondsAtX(int x) const {
    const QRect plot = plotRect();
    return visibleSpan().secondsAt(x, plot.left(), plot.width());
}

void WaveformView::setSignal(std::shared_ptr<const std::vector<float>> samples, int sampleRate, double segmentSeconds) {
    setSummary(std::make_shared<const WaveformSummary>(std::move(samples)), sampleRate, segmentSeconds);
}

void WaveformView::setSummary(std::shared_ptr<const WaveformSummary> summary, int sampleRate, double segmentSeconds) {
    summary_ = summary ? std::move(summary) : std::make_shared<const WaveformSummary>();
    sampleRate_ = sampleRate;
    segmentSeconds_ = segmentSeconds;
    selectedSegment_ = -1;
    viewStart_ = viewDuration_ = 0.0;
    playhead_ = -1.0;
    selectionStart_ = selectionEnd_ = 0.0;
    update();
    Q_EMIT visibleRangeChanged(0.0, durationSeconds());
}

void WaveformView::clear() {
    summary_ = std::make_shared<const WaveformSummary>();
    sampleRate_ = 0;
    selectedSegment_ = -1;
    selectionStart_ = selectionEnd_ = 0.0;
    update();
    Q_EMIT visibleRangeChanged(0.0, 0.0);
}

double WaveformView::durationSeconds() const {
    return sampleRate_ > 0 ? double(summary_->size()) / sampleRate_ : 0.0;
}

int WaveformView::segmentCount() const {
    return hasSignal() ? static_cast<int>(std::ceil(durationSeconds() / segmentSeconds_ - 1e-9)) : 0;
}

void WaveformView::setSelectedSegment(int index) {
    if (index < -1 || index >= segmentCount() || index == selectedSegment_) return;
    selectedSegment_ = index;
    update();
    Q_EMIT segmentSelected(index);
}

QRect WaveformView::plotRect() const {
    const TimeColumns columns = timeColumnsFor(width());
    return QRect(columns.plotLeft, kTopMargin, columns.plotWidth, std::max(1, height() - kTopMargin - kRulerHeight - kOverviewHeight));
}

QRect WaveformView::sideRect() const {
    const TimeColumns columns = timeColumnsFor(width());
    const QRect plot = plotRect();
    return QRect(columns.sideLeft, plot.top(), columns.sideWidth, plot.height());
}

QRect WaveformView::overviewRect() const {
    const QRect plot = plotRect();
    return QRect(plot.left(), plot.bottom() + kRulerHeight, plot.width(), kOverviewHeight - 4);
}

int WaveformView::xForSeconds(double seconds) const {
    const QRect plot = plotRect();
    return visibleSpan().x(seconds, plot.left(), plot.width());
}

void WaveformView::setAmplitudeScale(AmplitudeScale scale) {
    scale_ = scale;
    update();
}

void WaveformView::setVerticalGain(double gain) {
    gain_ = std::clamp(gain, 1.0, 64.0);
    update();
}

float WaveformView::displayed(float amplitude) const {
    if (scale_ == AmplitudeScale::Decibels) {
        const float magnitude = std::fabs(amplitude);
        if (!(magnitude > 0.0f)) return 0.0f;
        const float db = 20.0f * std::log10(magnitude);
        return std::copysign(std::clamp(1.0f + db / float(kDecibelRange), 0.0f, 1.0f), amplitude);
    }
    return std::clamp(amplitude * float(gain_), -1.0f, 1.0f);
}

int WaveformView::yForAmplitude(float amplitude) const {
    const QRect plot = plotRect();
    const double half = plot.height() / 2.0;
    return static_cast<int>(std::lround(plot.top() + half - displayed(amplitude) * (half - 1)));
}

void WaveformView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect plot = plotRect();
    p.fillRect(plot, WaveformColors::plotBackground);
    if (!hasSignal()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("No track loaded: File ▸ Open… or drop an audio file here"));
        drawAxes(p, plot);
        return;
    }
    p.setClipRect(plot);
    drawSegments(p, plot);
    drawEnvelope(p, plot);
    if (playhead_ >= 0.0) {
        p.setPen(QPen(WaveformColors::playhead, 2));
        p.drawLine(xForSeconds(playhead_), plot.top(), xForSeconds(playhead_), plot.bottom());
    }
    p.setClipping(false);
    drawAxes(p, plot);
    drawTimeRuler(p, plot);
    drawOverview(p);
    drawLevels(p);
}

SampleRange WaveformView::levelsBetween(double start, double end) const {
    return summary_->range(static_cast<std::int64_t>(start * sampleRate_), static_cast<std::int64_t>(end * sampleRate_));
}

std::vector<WaveformView::LevelRow> WaveformView::levelRows() const {
    if (!hasSignal()) return {};
    std::vector<LevelRow> rows;
    const auto add = [&](const QString& what, double start, double end) {
        const SampleRange r = levelsBetween(start, end);
        rows.push_back({what, start, end, std::max(std::fabs(r.min), std::fabs(r.max)), r.rms});
    };
    add(tr("In view"), viewStart_, viewStart_ + visibleDuration());
    if (hasRangeSelection()) add(tr("Selected"), selectionStart_, selectionEnd_);
    if (selectedSegment_ >= 0)
        add(tr("Segment %1").arg(selectedSegment_ + 1), selectedSegment_ * segmentSeconds_,
            std::min(durationSeconds(), (selectedSegment_ + 1) * segmentSeconds_));
    return rows;
}

QStringList WaveformView::levelLines() const {
    QStringList lines;
    for (const LevelRow& r : levelRows()) {
        const double step = r.end - r.start < 10.0 ? 0.01 : 1.0;
        lines << tr("%1 %2–%3: peak %4 dBFS, RMS %5 dBFS")
                     .arg(r.what, timeLabel(r.start, step).chopped(2), timeLabel(r.end, step), dbfs(r.peak), dbfs(r.rms));
    }
    return lines;
}

void WaveformView::drawLevels(QPainter& p) const {
    // A small table: dBFS peak and RMS per row, each row's time span under it; nothing where the
    // column is too narrow for it.
    const std::vector<LevelRow> rows = levelRows();
    if (rows.empty()) return;
    const QRect side = sideRect();
    QFont small = p.font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    p.setFont(small);
    const QFontMetrics fm(small);
    const int valueWidth = fm.horizontalAdvance(QStringLiteral("−88.8")) + 4;
    const int rmsRight = side.right(), peakRight = side.right() - valueWidth;
    const int labelWidth = peakRight - valueWidth - side.left();
    if (labelWidth < fm.horizontalAdvance(QStringLiteral("Segment"))) return;  // too narrow for a table
    int y = side.top();
    const auto line = [&](const QString& label, const QString& peak, const QString& rms, const QColor& colour) {
        if (y + fm.height() > side.bottom()) return;
        p.setPen(colour);
        const int w = peak.isEmpty() ? side.width() : labelWidth;  // a span line has the row to itself
        p.drawText(QRect(side.left(), y, w, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(label, Qt::ElideRight, w));
        p.drawText(QRect(peakRight - valueWidth, y, valueWidth, fm.height()), Qt::AlignRight | Qt::AlignVCenter, peak);
        p.drawText(QRect(rmsRight - valueWidth, y, valueWidth, fm.height()), Qt::AlignRight | Qt::AlignVCenter, rms);
        y += fm.height();
    };
    const QColor text = palette().color(QPalette::WindowText), quiet = palette().color(QPalette::PlaceholderText);
    line(tr("dBFS"), tr("peak"), tr("RMS"), quiet);
    for (const LevelRow& r : rows) {
        line(r.what, dbfs(r.peak), dbfs(r.rms), text);
        const double step = r.end - r.start < 10.0 ? 0.01 : 1.0;
        line(QStringLiteral("  %1–%2").arg(timeLabel(r.start, step).chopped(2), timeLabel(r.end, step)), {}, {}, quiet);
    }
}

void WaveformView::drawOverview(QPainter& p) const {
    const QRect box = overviewRect();
    p.fillRect(box, WaveformColors::plotBackground);
    p.setPen(WaveformColors::peak);
    const double samplesPerPixel = double(summary_->size()) / box.width();
    for (int column = 0; column < box.width(); ++column) {
        const auto begin = static_cast<std::int64_t>(column * samplesPerPixel);
        const SampleRange r = summary_->range(begin, std::max(begin + 1, static_cast<std::int64_t>((column + 1) * samplesPerPixel)));
        const int half = int(std::lround(std::max(std::fabs(r.min), std::fabs(r.max)) * (box.height() / 2 - 1)));
        p.drawLine(box.left() + column, box.center().y() - half, box.left() + column, box.center().y() + half);
    }
    const double total = durationSeconds();
    const int x0 = box.left() + int(viewStart_ / total * box.width());
    const int x1 = box.left() + int((viewStart_ + visibleDuration()) / total * box.width());
    p.setPen(QPen(WaveformColors::clip.darker(150), 2));
    p.drawRect(QRect(x0, box.top(), std::max(2, x1 - x0), box.height()).adjusted(1, 1, -1, -1));
    p.setPen(WaveformColors::axis);
    p.drawRect(box.adjusted(0, 0, -1, -1));
}

void WaveformView::drawAxes(QPainter& p, const QRect& plot) const {
    p.setPen(WaveformColors::axis);
    p.drawRect(plot.adjusted(0, 0, -1, -1));
    p.setPen(WaveformColors::zeroLine);
    p.drawLine(plot.left(), yForAmplitude(0.0f), plot.right(), yForAmplitude(0.0f));
    p.setPen(palette().color(QPalette::WindowText));
    const QFontMetrics fm = p.fontMetrics();
    const auto tick = [&](float a, const QString& label) {
        const int y = yForAmplitude(a);
        if (!label.isEmpty()) p.drawText(QRect(0, y - fm.height() / 2, plot.left() - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, label);
        p.drawLine(plot.left() - 4, y, plot.left(), y);
    };
    if (scale_ == AmplitudeScale::Decibels) {
        // 0 dBFS at the edges down to −60 at the centre; labels where they do not collide.
        int lastY = -1000;
        for (float db : {0.0f, -6.0f, -12.0f, -18.0f, -24.0f, -36.0f, -48.0f}) {
            const float a = std::pow(10.0f, db / 20.0f);
            const bool room = yForAmplitude(a) - lastY >= fm.height();
            if (room) lastY = yForAmplitude(a);
            const QString label = room ? QString::number(double(db), 'f', 0).replace('-', QChar(0x2212)) : QString();
            tick(a, label);
            tick(-a, QString());
        }
        tick(0.0f, QStringLiteral("dB"));
        return;
    }
    const int decimals = gain_ <= 1.0 ? 1 : int(std::ceil(std::log10(gain_ * 2.0)));
    // The halves only where five labels fit one above the other.
    const bool halves = plot.height() >= 5 * fm.height();
    for (float a : {1.0f, 0.5f, 0.0f, -0.5f, -1.0f})
        tick(a / float(gain_), halves || std::fabs(a) != 0.5f ? QString::number(double(a) / gain_, 'f', decimals) : QString());
}

void WaveformView::drawTimeRuler(QPainter& p, const QRect& plot) const {
    p.setPen(palette().color(QPalette::WindowText));
    drawTimeTicks(p, plot, visibleSpan(), width());
}

void WaveformView::drawSegments(QPainter& p, const QRect& plot) const {
    if (selectedSegment_ >= 0) {
        const int x0 = xForSeconds(selectedSegment_ * segmentSeconds_);
        const int x1 = xForSeconds(std::min(durationSeconds(), (selectedSegment_ + 1) * segmentSeconds_));
        p.fillRect(QRect(x0, plot.top(), std::max(1, x1 - x0), plot.height()), WaveformColors::selection);
    }
    if (hasRangeSelection()) {
        const int x0 = xForSeconds(selectionStart_), x1 = xForSeconds(selectionEnd_);
        p.fillRect(QRect(x0, plot.top(), std::max(1, x1 - x0), plot.height()), WaveformColors::rangeSelection);
        p.setPen(WaveformColors::rangeSelectionEdge);
        p.drawLine(x0, plot.top(), x0, plot.bottom());
        p.drawLine(x1, plot.top(), x1, plot.bottom());
    }
    // Skip the grid when it would turn into a grey wash.
    const double pixelsPerSegment = plot.width() / visibleDuration() * segmentSeconds_;
    if (pixelsPerSegment < 4.0) return;
    p.setPen(QPen(WaveformColors::segmentGrid, 1, Qt::DashLine));
    const int first = std::max(1, int(viewStart_ / segmentSeconds_));
    const int last = std::min(segmentCount() - 1, int((viewStart_ + visibleDuration()) / segmentSeconds_) + 1);
    for (int i = first; i <= last; ++i) {
        const int x = xForSeconds(i * segmentSeconds_);
        p.drawLine(x, plot.top(), x, plot.bottom());
    }
}

void WaveformView::drawEnvelope(QPainter& p, const QRect& plot) const {
    const double first = viewStart_ * sampleRate_;
    const double samplesPerPixel = visibleDuration() * sampleRate_ / plot.width();
    for (int column = 0; column < plot.width(); ++column) {
        const auto begin = static_cast<std::int64_t>(std::floor(first + column * samplesPerPixel));
        // At least one sample per column, so zoomed-in views stay continuous.
        const auto end = std::max(begin + 1, static_cast<std::int64_t>(std::floor(first + (column + 1) * samplesPerPixel)));
        const SampleRange r = summary_->range(begin, end);
        const int x = plot.left() + column;
        p.setPen(WaveformColors::peak);
        p.drawLine(x, yForAmplitude(r.max), x, yForAmplitude(r.min));
        // The RMS band, clamped inside the peak envelope.
        p.setPen(WaveformColors::rms);
        p.drawLine(x, yForAmplitude(std::min(r.rms, r.max)), x, yForAmplitude(std::max(-r.rms, r.min)));
        if (r.clipped) {
            p.setPen(WaveformColors::clip);
            p.drawLine(x, plot.top() + 1, x, plot.top() + 4);
            p.drawLine(x, plot.bottom() - 4, x, plot.bottom() - 1);
        }
    }
}

void WaveformView::centreOverviewAt(int x) {
    const QRect box = overviewRect();
    const double t = double(x - box.left()) / box.width() * durationSeconds();
    setVisibleRange(t - visibleDuration() / 2, visibleDuration());
}

void WaveformView::mousePressEvent(QMouseEvent* event) {
    const QPoint at = event->position().toPoint();
    if (!hasSignal() || event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    if (overviewRect().contains(at)) {
        centreOverviewAt(at.x());
        return;
    }
    if (!plotRect().contains(at)) return;
    pressSeconds_ = secondsAtX(at.x());
    dragging_ = false;
}

void WaveformView::mouseMoveEvent(QMouseEvent* event) {
    if (!hasSignal() || !(event->buttons() & Qt::LeftButton)) return;
    const QPoint at = event->position().toPoint();
    if (pressSeconds_ >= 0.0) {
        // Dragging across the plot selects a range.
        if (!dragging_ && std::abs(at.x() - xForSeconds(pressSeconds_)) < kDragPixels) return;
        dragging_ = true;
        const QRect plot = plotRect();
        setRangeSelection(pressSeconds_, secondsAtX(std::clamp(at.x(), plot.left(), plot.right() + 1)));
        return;
    }
    // Dragging in the overview scrolls.
    if (overviewRect().adjusted(0, -8, 0, 8).contains(at)) centreOverviewAt(at.x());
}

void WaveformView::mouseReleaseEvent(QMouseEvent* event) {
    if (pressSeconds_ < 0.0 || event->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(event);
    const double seconds = pressSeconds_;
    pressSeconds_ = -1.0;
    if (dragging_) return;
    // A click: the segment under it, and no range.
    clearRangeSelection();
    setSelectedSegment(std::clamp(static_cast<int>(seconds / segmentSeconds_), 0, segmentCount() - 1));
}

void WaveformView::wheelEvent(QWheelEvent* event) {
    if (!hasSignal()) return;
    const double steps = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ControlModifier)
        setVerticalGain(gain_ * std::pow(2.0, steps));
    else if (event->modifiers() & Qt::ShiftModifier)
        setVisibleRange(viewStart_ - steps * 0.1 * visibleDuration(), visibleDuration());
    else
        zoom(std::pow(0.8, steps), secondsAtX(int(event->position().x())));
    event->accept();
}

void WaveformView::keyPressEvent(QKeyEvent* event) {
    if (!hasSignal()) return QWidget::keyPressEvent(event);
    const double centre = viewStart_ + visibleDuration() / 2;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoom(0.5, centre); break;
    case Qt::Key_Minus: zoom(2.0, centre); break;
    case Qt::Key_0: showAll(); break;
    case Qt::Key_Left: setVisibleRange(viewStart_ - 0.2 * visibleDuration(), visibleDuration()); break;
    case Qt::Key_Right: setVisibleRange(viewStart_ + 0.2 * visibleDuration(), visibleDuration()); break;
    case Qt::Key_Home: setVisibleRange(0.0, visibleDuration()); break;
    case Qt::Key_Up: setVerticalGain(gain_ * 2.0); break;
    case Qt::Key_Down: setVerticalGain(gain_ / 2.0); break;
    case Qt::Key_End: setVisibleRange(durationSeconds(), visibleDuration()); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

} // namespace timbrescope::widgets
