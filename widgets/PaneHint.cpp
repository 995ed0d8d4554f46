#include "widgets/PaneHint.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QToolButton>

namespace timbrescope::widgets {

PaneHint::PaneHint(const QString& text, QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("paneHint"));
    setAutoFillBackground(true);
    QPalette tinted = palette();
    tinted.setColor(QPalette::Window, QColor(255, 248, 220));
    tinted.setColor(QPalette::WindowText, QColor(90, 70, 20));
    setPalette(tinted);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 2, 2, 2);
    // One line, elided to the pane's width; the whole note in its tooltip.
    text_ = text;
    label_ = new QLabel(text, this);
    label_->setToolTip(text);
    label_->setMinimumWidth(40);
    label_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(label_, 1);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("×"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Hide these notes (View ▸ Pane Notes brings them back)"));
    connect(close, &QToolButton::clicked, this, &PaneHint::dismissed);
    layout->addWidget(close, 0, Qt::AlignTop);
}

QSize PaneHint::minimumSizeHint() const { return {80, QWidget::minimumSizeHint().height()}; }

void PaneHint::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    elide();
}

void PaneHint::elide() { label_->setText(label_->fontMetrics().elidedText(text_, Qt::ElideRight, label_->width())); }

} // namespace timbrescope::widgets
