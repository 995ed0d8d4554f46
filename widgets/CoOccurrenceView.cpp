#include "widgets/CoOccurrenceView.h"

#include "widgets/ColorScale.h"

#include <QPainter>

#include <algorithm>

namespace timbrescope::widgets {
namespace {
constexpr int kLeft = 70, kTop = 56, kMargin = 10;
}

CoOccurrenceView::CoOccurrenceView(QWidget* parent) : QWidget(parent) { setAutoFillBackground(true); }

void CoOccurrenceView::setMatrix(const QStringList& classes, const std::vector<int>& counts, const QString& title) {
    classes_ = classes;
    counts_ = counts;
    title_ = title;
    update();
}

QRect CoOccurrenceView::cellRect(int row, int column) const {
    const int n = std::max<int>(1, int(classes_.size()));
    const int side = std::max(8, std::min(width() - kLeft - kMargin, height() - kTop - kMargin) / n);
    return QRect(kLeft + column * side, kTop + row * side, side, side);
}

void CoOccurrenceView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    if (classes_.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Compare evaluated runs to see what each instrument is heard as"));
        return;
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(kMargin, 4, width() - 2 * kMargin, 18), Qt::AlignLeft, title_);
    p.drawText(QRect(kLeft, 22, width() - kLeft, 14), Qt::AlignLeft, tr("predicted →"));
    const int n = int(classes_.size());
    for (int i = 0; i < n; ++i) {
        int rowMax = 0;  // colours are relative within a row: what this instrument is heard as most
        for (int j = 0; j < n; ++j) rowMax = std::max(rowMax, count(i, j));
        const QRect head = cellRect(0, i), side = cellRect(i, 0);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(head.left(), kTop - 18, head.width(), 16), Qt::AlignCenter, classes_[i]);
        p.drawText(QRect(4, side.top(), kLeft - 10, side.height()), Qt::AlignRight | Qt::AlignVCenter, classes_[i]);
        for (int j = 0; j < n; ++j) {
            const QRect cell = cellRect(i, j);
            const float fraction = rowMax > 0 ? float(count(i, j)) / float(rowMax) : 0.0f;
            p.fillRect(cell, QColor::fromRgb(viridis(fraction)));
            p.setPen(fraction > 0.6f ? Qt::black : Qt::white);
            if (count(i, j) > 0) p.drawText(cell, Qt::AlignCenter, QString::number(count(i, j)));
        }
    }
    p.setPen(QPen(QColor(255, 140, 0), 2));
    for (int i = 0; i < n; ++i) p.drawRect(cellRect(i, i).adjusted(1, 1, -1, -1));  // what it gets right
}

QStringList CoOccurrenceView::csvLines() const {
    QStringList lines{QStringLiteral("labelled\\predicted,") + classes_.join(',')};
    for (int i = 0; i < classes_.size(); ++i) {
        QStringList row{classes_[i]};
        for (int j = 0; j < classes_.size(); ++j) row << QString::number(count(i, j));
        lines << row.join(',');
    }
    return lines;
}

} // namespace timbrescope::widgets
