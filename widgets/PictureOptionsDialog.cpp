#include "widgets/PictureOptionsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

namespace timbrescope::widgets {

PictureOptionsDialog::PictureOptionsDialog(const QSize& viewSize, const QStringList& caption, bool raster, QWidget* parent)
    : QDialog(parent), caption_(caption) {
    setWindowTitle(tr("Picture"));
    auto* form = new QFormLayout(this);
    width_ = new QSpinBox(this);
    height_ = new QSpinBox(this);
    for (QSpinBox* box : {width_, height_}) {
        box->setRange(100, 10000);
        box->setSuffix(tr(" pt"));
    }
    height_->setMinimum(60);
    width_->setValue(viewSize.width());
    height_->setValue(viewSize.height());
    auto* size = new QHBoxLayout;
    size->addWidget(width_);
    size->addWidget(new QLabel(QStringLiteral("×"), this));
    size->addWidget(height_);
    form->addRow(tr("Size:"), size);
    scale_ = new QComboBox(this);
    scale_->addItem(tr("1× (screen)"), 1.0);
    scale_->addItem(tr("2× (print, 144 dpi)"), 2.0);
    scale_->addItem(tr("3× (print, 216 dpi)"), 3.0);
    scale_->setCurrentIndex(1);
    scale_->setEnabled(raster);
    if (!raster) scale_->setToolTip(tr("SVG and PDF are vector drawings: sharp at any scale"));
    form->addRow(tr("PNG pixels per point:"), scale_);
    withCaption_ = new QCheckBox(caption.isEmpty() ? tr("(nothing to name)") : caption.join(QStringLiteral(" · ")), this);
    withCaption_->setChecked(!caption.isEmpty());
    withCaption_->setEnabled(!caption.isEmpty());
    form->addRow(tr("Caption:"), withCaption_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

PictureOptions PictureOptionsDialog::options() const {
    PictureOptions o;
    o.size = QSize(width_->value(), height_->value());
    o.scale = scale_->isEnabled() ? scale_->currentData().toDouble() : 1.0;
    if (withCaption_->isChecked()) o.caption = caption_;
    return o;
}

} // namespace timbrescope::widgets
