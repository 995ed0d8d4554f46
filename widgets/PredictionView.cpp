#include "widgets/PredictionView.h"

#include "widgets/ColorScale.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace timbrescope::widgets {
namespace {

constexpr int kTop = 26;
constexpr int kBottom = 24;  // the time ruler and the colour scale
const QColor kBar(70, 130, 200);
const QColor kBarPredicted(30, 90, 170);
const QColor kTruth(20, 150, 70);

} // namespace

PredictionView::PredictionView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setMouseTracking(true);  // the value under the pointer
}

void PredictionView::setData(PredictionData data) {
    data_ = std::move(data);
    selected_ = -1;
    setToolTip(data_.verdict);  // the whole verdict, where a narrow window elides it
    update();
}

void PredictionView::clear() { setData({}); }

double PredictionView::trackSeconds() const { return data_.segmentCount() * data_.segmentSeconds; }

void PredictionView::setVisibleRange(double start, double duration) {
    viewStart_ = start;
    viewDuration_ = duration;
    update();
}

TimeSpan PredictionView::visibleSpan() const {
    return viewDuration_ > 0.0 ? TimeSpan{viewStart_, viewDuration_} : TimeSpan{0.0, trackSeconds()};
}

void PredictionView::setSelectedSegment(int segment) {
    selected_ = segment;
    update();
}

int PredictionView::rowHeight() const {
    return data_.classes.isEmpty() ? 1 : std::max(8, (height() - kTop - kBottom) / int(data_.classes.size()));
}

int PredictionView::rowTop(int cls) const { return kTop + cls * rowHeight(); }

QRect PredictionView::heatMapRect() const {
    const TimeColumns columns = timeColumnsFor(width());
    return QRect(columns.plotLeft, kTop, columns.plotWidth, rowHeight() * int(data_.classes.size()));
}

QRect PredictionView::barsRect() const {
    const TimeColumns columns = timeColumnsFor(width());
    return QRect(columns.sideLeft, kTop, columns.sideWidth, heatMapRect().height());
}

QRect PredictionView::colorScaleRect() const {
    const QRect heat = heatMapRect();
    // Clear of the ruler's first label, which is centred on the heat map's left edge.
    return QRect(18, heat.bottom() + 6, heat.left() - 62, 10);
}

QRect PredictionView::cellRect(int segment, int cls) const {
    // On the shared time axis, clipped to the heat map: a segment out of view has no width.
    const QRect heat = heatMapRect();
    const TimeSpan span = visibleSpan();
    const int x0 = std::clamp(span.x(segment * data_.segmentSeconds, heat.left(), heat.width()), heat.left(), heat.right() + 1);
    const int x1 = std::clamp(span.x((segment + 1) * data_.segmentSeconds, heat.left(), heat.width()), heat.left(), heat.right() + 1);
    return QRect(x0, rowTop(cls), x1 - x0, rowHeight());
}

int PredictionView::segmentAt(int x) const {
    const QRect heat = heatMapRect();
    if (data_.segmentCount() == 0 || x < heat.left() || x > heat.right() || data_.segmentSeconds <= 0.0) return -1;
    const double seconds = visibleSpan().secondsAt(x, heat.left(), heat.width());
    const int segment = int(std::floor(seconds / data_.segmentSeconds));
    return segment >= 0 && segment < data_.segmentCount() ? segment : -1;
}

int PredictionView::classAt(int y) const {
    if (data_.classes.isEmpty() || y < kTop) return -1;
    const int cls = (y - kTop) / rowHeight();
    return cls < int(data_.classes.size()) ? cls : -1;
}

QString PredictionView::valueTextAt(const QPoint& at) const {
    const int cls = classAt(at.y());
    if (cls < 0) return {};
    const QString name = data_.names.value(cls, data_.classes[cls]);
    if (barsRect().contains(at))
        return tr("%1 · whole track: %2 (threshold %3)")
            .arg(name, QString::number(double(data_.track[std::size_t(cls)]), 'f', 2),
                 QString::number(double(data_.thresholds[std::size_t(cls)]), 'f', 2));
    const int segment = heatMapRect().contains(at) ? segmentAt(at.x()) : -1;
    if (segment < 0) return {};
    const double step = data_.segmentSeconds < 1.0 ? 0.1 : 1.0;
    return tr("%1 · segment %2 (%3–%4): %5")
        .arg(name)
        .arg(segment + 1)
        .arg(timeLabel(segment * data_.segmentSeconds, step), timeLabel((segment + 1) * data_.segmentSeconds, step),
             QString::number(double(data_.at(segment, cls)), 'f', 2));
}

QRect PredictionView::barRect(int cls) const {
    const QRect bars = barsRect();
    const int w = int(std::lround(std::clamp(data_.track[std::size_t(cls)], 0.0f, 1.0f) * bars.width()));
    return QRect(bars.left(), rowTop(cls) + 2, std::max(1, w), rowHeight() - 4);
}

QString PredictionView::barsHeading() const {
    // The longest heading that fits the bars' column whole (the column narrows at 1280×720).
    const QFontMetrics fm = fontMetrics();
    for (const QString& candidate : {tr("Whole track (threshold ┃)"), tr("Track (threshold ┃)"), tr("Track ┃")})
        if (fm.horizontalAdvance(candidate) <= barsRect().width()) return candidate;
    return QString();
}

int PredictionView::thresholdX(int cls) const {
    const QRect bars = barsRect();
    return bars.left() + int(std::lround(data_.thresholds[std::size_t(cls)] * bars.width()));
}

void PredictionView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    if (data_.classes.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, data_.pending.isEmpty() ? tr("Load a model to see which instruments it hears") : data_.pending);
        return;
    }
    const QRect heat = heatMapRect(), bars = barsRect();
    const QFontMetrics fm = p.fontMetrics();
    p.setPen(palette().color(QPalette::WindowText));
    {
        // The verdict leads the heading, in bold (amber when the model is unsure), over the labels
        // and the heat map, elided to fit.
        const QRect title = data_.verdict.isEmpty() ? QRect(heat.left(), 2, heat.width(), kTop - 4)
                                                    : QRect(4, 2, heat.right() - 4, kTop - 4);
        const QString heading = tr("Probability per 1-s segment");
        if (data_.verdict.isEmpty()) {
            p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter, heading);
        } else {
            QFont bold = p.font();
            bold.setBold(true);
            p.setFont(bold);
            p.setPen(data_.unsure ? QColor(200, 120, 0) : palette().color(QPalette::WindowText));
            const QString verdict = QFontMetrics(bold).elidedText(data_.verdict, Qt::ElideRight, title.width());
            p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter, verdict);
            // The heading follows only where it fits whole: the verdict matters more.
            const int used = QFontMetrics(bold).horizontalAdvance(verdict);
            bold.setBold(false);
            p.setFont(bold);
            p.setPen(palette().color(QPalette::WindowText));
            const QString rest = QStringLiteral(" · ") + heading;
            if (QFontMetrics(bold).horizontalAdvance(rest) <= title.width() - used)
                p.drawText(title.adjusted(used, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, rest);
        }
    }
    p.drawText(QRect(bars.left(), 2, bars.width(), kTop - 4), Qt::AlignLeft | Qt::AlignVCenter, barsHeading());

    for (int c = 0; c < int(data_.classes.size()); ++c) {
        const bool truth = !data_.labels.empty() && data_.labels[std::size_t(c)];
        QFont font = p.font();
        font.setBold(truth);
        p.setFont(font);
        p.setPen(truth ? kTruth : palette().color(QPalette::WindowText));
        const QString label = (truth ? QStringLiteral("✓ ") : QString()) + data_.names.value(c, data_.classes[c]);
        p.drawText(QRect(4, rowTop(c), heat.left() - 12, rowHeight()), Qt::AlignRight | Qt::AlignVCenter, label);
        for (int s = 0; s < data_.segmentCount(); ++s) {
            const QRect cell = cellRect(s, c);
            if (cell.width() > 0) p.fillRect(cell, QColor::fromRgb(viridis(data_.at(s, c))));
        }
        p.fillRect(barRect(c), data_.isPredicted(c) ? kBarPredicted : kBar);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(bars.left() + 4, rowTop(c), bars.width() - 8, rowHeight()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(double(data_.track[std::size_t(c)]), 'f', 2));
        p.setPen(QPen(QColor(200, 40, 40), 2));
        p.drawLine(thresholdX(c), rowTop(c) + 1, thresholdX(c), rowTop(c) + rowHeight() - 1);
    }
    QFont plain = p.font();
    plain.setBold(false);
    p.setFont(plain);
    if (selected_ >= 0 && selected_ < data_.segmentCount() && cellRect(selected_, 0).width() > 0) {
        p.setPen(QPen(QColor(255, 140, 0), 2));
        const QRect first = cellRect(selected_, 0);
        p.drawRect(QRect(first.left(), heat.top(), first.width(), heat.height()).adjusted(1, 1, -1, -1));
    }
    p.setPen(QColor(150, 155, 165));
    p.drawRect(heat.adjusted(0, 0, -1, -1));
    p.drawRect(bars.adjusted(0, 0, -1, -1));
    // The waveform's time ruler under the heat map, and the colour scale under the names.
    p.setPen(palette().color(QPalette::WindowText));
    drawTimeTicks(p, heat, visibleSpan(), width());
    const QRect scale = colorScaleRect();
    if (scale.width() > 8) {
        p.drawImage(scale, colorScaleImage(scale.width(), scale.height()));
        p.drawText(QRect(0, scale.top() - 3, scale.left() - 4, scale.height() + 6), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
        p.drawText(QRect(scale.right() + 4, scale.top() - 3, 20, scale.height() + 6), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("1"));
    }
    p.drawText(QRect(bars.left(), bars.bottom() + 3, bars.width(), fm.height()), Qt::AlignLeft, QStringLiteral("0"));
    p.drawText(QRect(bars.left(), bars.bottom() + 3, bars.width(), fm.height()), Qt::AlignRight, QStringLiteral("1"));
}

void PredictionView::mousePressEvent(QMouseEvent* event) {
    const QPoint at = event->position().toPoint();
    const int segment = heatMapRect().contains(at) ? segmentAt(at.x()) : -1;
    if (segment < 0) return;
    setSelectedSegment(segment);
    Q_EMIT segmentClicked(segment);
}

void PredictionView::mouseMoveEvent(QMouseEvent* event) {
    const QString text = valueTextAt(event->position().toPoint());
    if (text.isEmpty())
        QToolTip::showText(event->globalPosition().toPoint(), data_.verdict, this);  // the view's own tooltip
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

} // namespace timbrescope::widgets
