#include "widgets/WaveformView.h"

#include "widgets/WaveformColors.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>
#include <QPainter>

#include <cmath>

namespace timbrescope::widgets {
namespace {

constexpr int kLeftMargin = 46;   // amplitude labels
constexpr int kRightMargin = 10;
constexpr int kTopMargin = 8;
constexpr int kRulerHeight = 24;  // time labels
constexpr int kOverviewHeight = 20;  // the whole track, visible part framed
constexpr double kMinimumSpan = 0.05;  // seconds

// A tick step (seconds) that leaves at least `minPixels` between labels.
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

} // namespace

WaveformView::WaveformView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setMouseTracking(false);
    setFocusPolicy(Qt::StrongFocus);  // keyboard zoom and scroll
    setToolTip(tr("Click: select a 1-s segment · wheel: zoom · Shift+wheel or arrows: scroll · 0: whole track"));
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
    viewStart_ = std::clamp(start, 0.0, total - duration);
    viewDuration_ = duration;
    update();
}

void WaveformView::zoom(double factor, double aroundSeconds) {
    const double duration = visibleDuration() * factor;
    // Keep the time under the cursor where it is.
    const double fraction = (aroundSeconds - viewStart_) / visibleDuration();
    setVisibleRange(aroundSeconds - fraction * duration, duration);
}

double WaveformView::secondsAtX(int x) const {
    const QRect plot = plotRect();
    return viewStart_ + double(x - plot.left()) / plot.width() * visibleDuration();
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
    update();
}

void WaveformView::clear() {
    summary_ = std::make_shared<const WaveformSummary>();
    sampleRate_ = 0;
    selectedSegment_ = -1;
    update();
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
    return QRect(kLeftMargin, kTopMargin, std::max(1, width() - kLeftMargin - kRightMargin),
                 std::max(1, height() - kTopMargin - kRulerHeight - kOverviewHeight));
}

QRect WaveformView::overviewRect() const {
    const QRect plot = plotRect();
    return QRect(plot.left(), plot.bottom() + kRulerHeight, plot.width(), kOverviewHeight - 4);
}

int WaveformView::xForSeconds(double seconds) const {
    const QRect plot = plotRect();
    const double duration = visibleDuration();
    return plot.left() + (duration > 0 ? static_cast<int>(std::lround((seconds - viewStart_) / duration * plot.width())) : 0);
}

int WaveformView::yForAmplitude(float amplitude) const {
    const QRect plot = plotRect();
    const double half = plot.height() / 2.0;
    return static_cast<int>(std::lround(plot.top() + half - std::clamp(amplitude, -1.0f, 1.0f) * (half - 1)));
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
    for (float a : {1.0f, 0.5f, 0.0f, -0.5f, -1.0f}) {
        const int y = yForAmplitude(a);
        const QString label = QString::number(a, 'f', 1);
        p.drawText(QRect(0, y - fm.height() / 2, kLeftMargin - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, label);
        p.drawLine(plot.left() - 4, y, plot.left(), y);
    }
}

void WaveformView::drawTimeRuler(QPainter& p, const QRect& plot) const {
    const double duration = visibleDuration();
    const double step = niceTimeStep(plot.width() / duration, 70.0);
    p.setPen(palette().color(QPalette::WindowText));
    for (long i = long(std::ceil(viewStart_ / step - 1e-9));; ++i) {
        const double t = double(i) * step;
        if (t > viewStart_ + duration + 1e-9) break;
        const int x = xForSeconds(t);
        p.drawLine(x, plot.bottom() + 1, x, plot.bottom() + 5);
        const QString label = timeLabel(t, step);
        const int w = p.fontMetrics().horizontalAdvance(label);
        const int left = std::clamp(x - w / 2, 0, width() - w);
        p.drawText(left, plot.bottom() + 6 + p.fontMetrics().ascent(), label);
    }
}

void WaveformView::drawSegments(QPainter& p, const QRect& plot) const {
    if (selectedSegment_ >= 0) {
        const int x0 = xForSeconds(selectedSegment_ * segmentSeconds_);
        const int x1 = xForSeconds(std::min(durationSeconds(), (selectedSegment_ + 1) * segmentSeconds_));
        p.fillRect(QRect(x0, plot.top(), std::max(1, x1 - x0), plot.height()), WaveformColors::selection);
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
    const double seconds = secondsAtX(at.x());
    setSelectedSegment(std::clamp(static_cast<int>(seconds / segmentSeconds_), 0, segmentCount() - 1));
}

void WaveformView::mouseMoveEvent(QMouseEvent* event) {
    // Dragging in the overview scrolls.
    if (hasSignal() && (event->buttons() & Qt::LeftButton) && overviewRect().adjusted(0, -8, 0, 8).contains(event->position().toPoint()))
        centreOverviewAt(event->position().toPoint().x());
}

void WaveformView::wheelEvent(QWheelEvent* event) {
    if (!hasSignal()) return;
    const double steps = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ShiftModifier)
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
    case Qt::Key_End: setVisibleRange(durationSeconds(), visibleDuration()); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

} // namespace timbrescope::widgets
