#include "widgets/PredictionView.h"

#include "widgets/ColorScale.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace timbrescope::widgets {
namespace {

constexpr int kLabelWidth = 120;
constexpr int kTop = 26;
constexpr int kBottom = 22;
constexpr int kGap = 24;
const QColor kBar(70, 130, 200);
const QColor kBarPredicted(30, 90, 170);
const QColor kTruth(20, 150, 70);

} // namespace

PredictionView::PredictionView(QWidget* parent) : QWidget(parent) { setAutoFillBackground(true); }

void PredictionView::setData(PredictionData data) {
    data_ = std::move(data);
    selected_ = -1;
    setToolTip(data_.verdict);  // the whole verdict, where a narrow window elides it
    update();
}

void PredictionView::clear() { setData({}); }

void PredictionView::setSelectedSegment(int segment) {
    selected_ = segment;
    update();
}

int PredictionView::rowHeight() const {
    return data_.classes.isEmpty() ? 1 : std::max(8, (height() - kTop - kBottom) / int(data_.classes.size()));
}

int PredictionView::rowTop(int cls) const { return kTop + cls * rowHeight(); }

QRect PredictionView::heatMapRect() const {
    const int available = width() - kLabelWidth - kGap - 8;
    return QRect(kLabelWidth, kTop, std::max(1, available * 3 / 5), rowHeight() * int(data_.classes.size()));
}

QRect PredictionView::barsRect() const {
    const QRect heat = heatMapRect();
    return QRect(heat.right() + kGap, kTop, std::max(1, width() - heat.right() - kGap - 8), heat.height());
}

QRect PredictionView::cellRect(int segment, int cls) const {
    const QRect heat = heatMapRect();
    const int n = std::max(1, data_.segmentCount());
    const int x0 = heat.left() + segment * heat.width() / n, x1 = heat.left() + (segment + 1) * heat.width() / n;
    return QRect(x0, rowTop(cls), std::max(1, x1 - x0), rowHeight());
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
        p.drawText(QRect(4, rowTop(c), kLabelWidth - 8, rowHeight()), Qt::AlignRight | Qt::AlignVCenter, label);
        for (int s = 0; s < data_.segmentCount(); ++s) p.fillRect(cellRect(s, c), QColor::fromRgb(viridis(data_.at(s, c))));
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
    if (selected_ >= 0 && selected_ < data_.segmentCount()) {
        p.setPen(QPen(QColor(255, 140, 0), 2));
        const QRect first = cellRect(selected_, 0);
        p.drawRect(QRect(first.left(), heat.top(), first.width(), heat.height()).adjusted(1, 1, -1, -1));
    }
    p.setPen(QColor(150, 155, 165));
    p.drawRect(heat.adjusted(0, 0, -1, -1));
    p.drawRect(bars.adjusted(0, 0, -1, -1));
    // Time axis under the heat map: first and last segment.
    p.setPen(palette().color(QPalette::WindowText));
    const int n = data_.segmentCount();
    p.drawText(QRect(heat.left(), heat.bottom() + 3, heat.width(), fm.height()), Qt::AlignLeft, QStringLiteral("0 s"));
    p.drawText(QRect(heat.left(), heat.bottom() + 3, heat.width(), fm.height()), Qt::AlignRight,
               QStringLiteral("%1 segments").arg(n));
    p.drawText(QRect(bars.left(), bars.bottom() + 3, bars.width(), fm.height()), Qt::AlignLeft, QStringLiteral("0"));
    p.drawText(QRect(bars.left(), bars.bottom() + 3, bars.width(), fm.height()), Qt::AlignRight, QStringLiteral("1"));
}

void PredictionView::mousePressEvent(QMouseEvent* event) {
    const QPoint at = event->position().toPoint();
    const QRect heat = heatMapRect();
    if (data_.segmentCount() == 0 || !heat.contains(at)) return;
    const int segment = std::clamp((at.x() - heat.left()) * data_.segmentCount() / heat.width(), 0, data_.segmentCount() - 1);
    setSelectedSegment(segment);
    Q_EMIT segmentClicked(segment);
}

} // namespace timbrescope::widgets
