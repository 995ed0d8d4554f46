#include "widgets/ActivationView.h"

#include "widgets/ColorScale.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace timbrescope::widgets {
namespace {

constexpr int kLabelWidth = 150;
constexpr int kMargin = 8;
constexpr int kSpacing = 6;
constexpr int kHeader = 34;  // caption and colour scale

// Mean of each run of columns, so a 7350-step layer shows every step's energy, not a sample of it.
std::vector<float> poolColumns(const ActivationMap& m, int row, int width) {
    std::vector<float> out(std::size_t(width), 0.0f);
    for (int x = 0; x < width; ++x) {
        const int from = int(std::int64_t(x) * m.columns / width), to = std::max(from + 1, int(std::int64_t(x + 1) * m.columns / width));
        double sum = 0.0;
        for (int c = from; c < to; ++c) sum += m.at(row, c);
        out[std::size_t(x)] = float(sum / (to - from));
    }
    return out;
}

} // namespace

ActivationView::ActivationView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setAutoFillBackground(true);
}

void ActivationView::setMaps(ActivationMaps maps, const QString& caption) {
    maps_ = std::move(maps);
    caption_ = caption;
    rebuildImages();
    updateGeometry();
    update();
}

void ActivationView::clear() { setMaps({}, {}); }

void ActivationView::setNormalisation(Normalisation n) {
    normalisation_ = n;
    rebuildImages();
    update();
}

int ActivationView::stripHeight(const ActivationMap& map) const {
    return map.waveform ? 56 : std::clamp(map.rows * 2, 28, 110);
}

int ActivationView::contentHeight() const {
    int height = kHeader + kMargin;
    for (const auto& m : maps_) height += stripHeight(m) + kSpacing;
    return height;
}

QSize ActivationView::sizeHint() const { return {900, std::max(200, contentHeight())}; }

QSize ActivationView::minimumSizeHint() const { return {400, std::max(120, contentHeight())}; }

QRect ActivationView::stripRect(int layer) const {
    int y = kHeader;
    for (int i = 0; i < layer; ++i) y += stripHeight(maps_[std::size_t(i)]) + kSpacing;
    return QRect(kLabelWidth, y, std::max(1, width() - kLabelWidth - kMargin), stripHeight(maps_[std::size_t(layer)]));
}

void ActivationView::resizeEvent(QResizeEvent*) { rebuildImages(); }

void ActivationView::rebuildImages() {
    images_.clear();
    const int width = std::max(1, this->width() - kLabelWidth - kMargin);
    for (const ActivationMap& m : maps_) {
        if (m.waveform || m.rows == 0 || m.columns == 0) {
            images_.emplace_back();
            continue;
        }
        const int columns = std::min(m.columns, width);
        std::vector<std::vector<float>> pooled;
        for (int r = 0; r < m.rows; ++r) pooled.push_back(poolColumns(m, r, columns));
        float lo = INFINITY, hi = -INFINITY;
        for (const auto& row : pooled) for (float v : row) lo = std::min(lo, v), hi = std::max(hi, v);
        QImage image(columns, m.rows, QImage::Format_RGB32);
        for (int r = 0; r < m.rows; ++r) {
            float rowLo = lo, rowHi = hi;
            if (normalisation_ == Normalisation::PerChannel) {
                const auto [a, b] = std::minmax_element(pooled[std::size_t(r)].begin(), pooled[std::size_t(r)].end());
                rowLo = *a, rowHi = *b;
            }
            const float span = rowHi > rowLo ? rowHi - rowLo : 1.0f;
            // Row 0 (first channel, lowest frequency) at the bottom, as in spectrograms.
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(m.rows - 1 - r));
            for (int x = 0; x < columns; ++x) line[x] = viridis((pooled[std::size_t(r)][std::size_t(x)] - rowLo) / span);
        }
        images_.push_back(image);
    }
}

void ActivationView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFontMetrics fm = p.fontMetrics();
    if (maps_.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Load a model and a track, then click a 1-s segment to see what each layer computes"));
        return;
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(kMargin, 4, width() - 2 * kMargin - 230, 20), Qt::AlignLeft | Qt::AlignVCenter, caption_);
    const QRect scale(width() - kMargin - 160, 8, 160, 12);
    p.drawImage(scale, colorScaleImage(scale.width(), scale.height()));
    p.drawText(QRect(scale.left() - 70, 4, 66, 20), Qt::AlignRight | Qt::AlignVCenter,
               normalisation_ == Normalisation::PerLayer ? tr("low ▸ high") : tr("per channel"));

    for (std::size_t i = 0; i < maps_.size(); ++i) {
        const ActivationMap& m = maps_[i];
        const QRect strip = stripRect(int(i));
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(kMargin, strip.top(), kLabelWidth - 2 * kMargin, fm.height()), Qt::AlignLeft, m.name);
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(kMargin, strip.top() + fm.height(), kLabelWidth - 2 * kMargin, fm.height()), Qt::AlignLeft, m.shape);
        if (!m.note.isEmpty() && strip.height() >= 3 * fm.height())
            p.drawText(QRect(kMargin, strip.top() + 2 * fm.height(), kLabelWidth - 2 * kMargin, fm.height()), Qt::AlignLeft, m.note);
        if (m.waveform) {
            p.fillRect(strip, QColor(252, 252, 253));
            p.setPen(QColor(100, 149, 237));
            float peak = 1e-6f;
            for (float v : m.values) peak = std::max(peak, std::fabs(v));
            const int columns = strip.width();
            for (int x = 0; x < columns; ++x) {
                const int from = int(std::int64_t(x) * m.columns / columns), to = std::max(from + 1, int(std::int64_t(x + 1) * m.columns / columns));
                const auto [lo, hi] = std::minmax_element(m.values.begin() + from, m.values.begin() + std::min(to, m.columns));
                const auto y = [&](float v) { return strip.center().y() - int(v / peak * (strip.height() / 2 - 1)); };
                p.drawLine(strip.left() + x, y(*hi), strip.left() + x, y(*lo));
            }
        } else if (!images_[i].isNull()) {
            p.drawImage(strip, images_[i]);
        }
        p.setPen(QColor(150, 155, 165));
        p.drawRect(strip.adjusted(0, 0, -1, -1));
    }
}

QString ActivationView::readout(const QPoint& point) const {
    for (std::size_t i = 0; i < maps_.size(); ++i) {
        const QRect strip = stripRect(int(i));
        if (!strip.contains(point)) continue;
        const ActivationMap& m = maps_[i];
        const int column = std::clamp(int(std::int64_t(point.x() - strip.left()) * m.columns / strip.width()), 0, m.columns - 1);
        if (m.waveform)
            return QStringLiteral("%1 · sample %2 of %3 · %4").arg(m.name).arg(column + 1).arg(m.columns).arg(double(m.at(0, column)), 0, 'f', 4);
        const int row = std::clamp(m.rows - 1 - (point.y() - strip.top()) * m.rows / strip.height(), 0, m.rows - 1);
        return QStringLiteral("%1 · channel %2 of %3 · step %4 of %5 · %6")
            .arg(m.name).arg(row + 1).arg(m.rows).arg(column + 1).arg(m.columns).arg(double(m.at(row, column)), 0, 'f', 4);
    }
    return {};
}

void ActivationView::mouseMoveEvent(QMouseEvent* event) {
    const QString text = readout(event->position().toPoint());
    if (text.isEmpty()) return;
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
    Q_EMIT hovered(text);
}

} // namespace timbrescope::widgets
