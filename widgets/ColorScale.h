#pragma once
// The perceptually uniform "viridis" colour scale used by every heat map, so values read the same
// across views (and for colour-blind readers).

#include <QColor>
#include <QImage>

namespace timbrescope::widgets {

// t in [0, 1] (clamped) → colour.
QRgb viridis(float t);

// A horizontal legend strip of the scale, `width` × `height`.
QImage colorScaleImage(int width, int height);

} // namespace timbrescope::widgets
