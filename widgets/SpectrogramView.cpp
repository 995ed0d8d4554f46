#include "widgets/SpectrogramView.h"

#include "widgets/ColorScale.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace timbrescope::widgets {
namespace {

constexpr int kTop = 4;
constexpr int kBottom = 4;

} // namespace

SpectrogramView::SpectrogramView(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    setMouseTracking(true);
}

void SpectrogramView::setData(SpectrogramData data) {
    data_ = std::move(data);
    image_ = QImage();
    if (data_.frames > 0 && data_.bins > 0 && data_.db.size() == std::size_t(data_.frames) * std::size_t(data_.bins)) {
        image_ = QImage(data_.frames, data_.bins, QImage::Format_RGB32);
        const float range = std::max(1.0f, -data_.floorDb);
        for (int bin = 0; bin < data_.bins; ++bin) {
            auto* row = reinterpret_cast<QRgb*>(image_.scanLine(data_.bins - 1 - bin));
            for (int f = 0; f < data_.frames; ++f) row[f] = viridis((data_.at(f, bin) - data_.floorDb) / range);
        }
    }
    update();
}

void SpectrogramView::clear() { setData({}); }

void SpectrogramView::setVisibleRange(double start, double duration) {
    viewStart_ = start;
    viewDuration_ = duration;
    update();
}

double SpectrogramView::trackSeconds() const { return data_.framesPerSecond > 0.0 ? data_.frames / data_.framesPerSecond : 0.0; }

TimeSpan SpectrogramView::visibleSpan() const {
    return viewDuration_ > 0.0 ? TimeSpan{viewStart_, viewDuration_} : TimeSpan{0.0, trackSeconds()};
}

QRect SpectrogramView::plotRect() const {
    const TimeColumns columns = timeColumnsFor(width());
    return QRect(columns.plotLeft, kTop, columns.plotWidth, std::max(1, height() - kTop - kBottom));
}

QRect SpectrogramView::colorScaleRect() const {
    const TimeColumns columns = timeColumnsFor(width());
    const QRect plot = plotRect();
    return QRect(columns.sideLeft, plot.top(), 10, plot.height());
}

int SpectrogramView::yForBin(int bin) const {
    const QRect plot = plotRect();
    const double rowHeight = double(plot.height()) / std::max(1, data_.bins);
    return plot.top() + int((data_.bins - 1 - bin + 0.5) * rowHeight);
}

int SpectrogramView::frameAt(int x) const {
    const QRect plot = plotRect();
    if (data_.frames == 0 || x < plot.left() || x > plot.right()) return -1;
    const int frame = int(std::floor(visibleSpan().secondsAt(x, plot.left(), plot.width()) * data_.framesPerSecond));
    return frame >= 0 && frame < data_.frames ? frame : -1;
}

int SpectrogramView::binAt(int y) const {
    const QRect plot = plotRect();
    if (data_.bins == 0 || y < plot.top() || y > plot.bottom()) return -1;
    return std::clamp(data_.bins - 1 - (y - plot.top()) * data_.bins / plot.height(), 0, data_.bins - 1);
}

QString SpectrogramView::binName(int bin) const {
    const double hz = data_.fmin * std::pow(2.0, double(bin) / data_.binsPerOctave);
    if (data_.binsPerOctave != 12) return QStringLiteral("%1 Hz").arg(hz, 0, 'f', 0);
    static const char* names[] = {"C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"};
    return QStringLiteral("%1%2").arg(QString::fromUtf8(names[bin % 12])).arg(1 + bin / 12);
}

QString SpectrogramView::valueTextAt(const QPoint& at) const {
    const int frame = frameAt(at.x()), bin = binAt(at.y());
    if (frame < 0 || bin < 0) return {};
    const double hz = data_.fmin * std::pow(2.0, double(bin) / data_.binsPerOctave);
    return tr("%1 (%2 Hz) · %3 s: %4 dB")
        .arg(binName(bin), QString::number(hz, 'f', hz < 100 ? 1 : 0), QString::number((frame + 0.5) / data_.framesPerSecond, 'f', 2),
             QString::number(double(data_.at(frame, bin)), 'f', 0).replace('-', QChar(0x2212)));
}

void SpectrogramView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect plot = plotRect();
    if (image_.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, data_.pending.isEmpty() ? tr("Spectrogram (constant-Q, as the CQT baseline hears it)") : data_.pending);
        p.setPen(QColor(150, 155, 165));
        p.drawRect(plot.adjusted(0, 0, -1, -1));
        return;
    }
    // The visible frames of the picture, stretched over the plot; time past the end is blank.
    const TimeSpan span = visibleSpan();
    const double firstFrame = span.start * data_.framesPerSecond, frameCount = span.duration * data_.framesPerSecond;
    p.fillRect(plot, palette().color(QPalette::Base));
    p.drawImage(QRectF(plot), image_, QRectF(firstFrame, 0.0, frameCount, image_.height()));
    p.setPen(QColor(150, 155, 165));
    p.drawRect(plot.adjusted(0, 0, -1, -1));
    // Octaves on the left: C1, C2, … where there is room.
    const QFontMetrics fm = p.fontMetrics();
    p.setPen(palette().color(QPalette::WindowText));
    const int step = data_.binsPerOctave * std::max(1, int(std::ceil(fm.height() * 1.2 / (double(plot.height()) / data_.bins * data_.binsPerOctave))));
    for (int bin = 0; bin < data_.bins; bin += step) {
        const int y = yForBin(bin);
        p.drawLine(plot.left() - 4, y, plot.left(), y);
        p.drawText(QRect(0, y - fm.height() / 2, plot.left() - 8, fm.height()), Qt::AlignRight | Qt::AlignVCenter, binName(bin));
    }
    // The dB scale on the right, loudest on top.
    const QRect scale = colorScaleRect();
    QImage strip = colorScaleImage(scale.height(), scale.width()).transformed(QTransform().rotate(-90));
    p.drawImage(scale, strip);
    p.drawText(QRect(scale.right() + 4, scale.top(), 80, fm.height()), Qt::AlignLeft | Qt::AlignTop, tr("0 dB"));
    p.drawText(QRect(scale.right() + 4, scale.bottom() - fm.height(), 80, fm.height()), Qt::AlignLeft | Qt::AlignBottom,
               tr("%1 dB").arg(QString::number(double(data_.floorDb), 'f', 0).replace('-', QChar(0x2212))));
}

void SpectrogramView::mouseMoveEvent(QMouseEvent* event) {
    const QString text = valueTextAt(event->position().toPoint());
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

} // namespace timbrescope::widgets
