#pragma once
// Asked when a view is exported as a picture: the size to lay it out at (its size on screen by
// default, so nothing clips that did not clip there), the PNG's pixels per point, and whether the
// caption naming what it shows (track, model, threshold, test set) goes above it.

#include "widgets/ViewExport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace timbrescope::widgets {

class PictureOptionsDialog : public QDialog {
    Q_OBJECT
public:
    // `raster`: a PNG, for which the scale applies; SVG and PDF are vector at any size.
    PictureOptionsDialog(const QSize& viewSize, const QStringList& caption, bool raster, QWidget* parent = nullptr);
    PictureOptions options() const;

private:
    QStringList caption_;
    QSpinBox* width_ = nullptr;
    QSpinBox* height_ = nullptr;
    QComboBox* scale_ = nullptr;
    QCheckBox* withCaption_ = nullptr;
};

} // namespace timbrescope::widgets
