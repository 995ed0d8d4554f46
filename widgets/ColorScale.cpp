#include "widgets/ColorScale.h"

#include <algorithm>
#include <cmath>

namespace timbrescope::widgets {
namespace {

// Viridis sampled at 9 evenly spaced points (matplotlib's definition); linear in between.
constexpr unsigned char kStops[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},  {44, 113, 142}, {33, 144, 141},
                                        {39, 173, 129}, {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};

} // namespace

QRgb viridis(float t) {
    if (!std::isfinite(t)) t = 0.0f;
    const float x = std::clamp(t, 0.0f, 1.0f) * 8.0f;
    const int i = std::min(7, int(x));
    const float f = x - float(i);
    auto mix = [&](int c) { return int(std::lround(kStops[i][c] + f * (kStops[i + 1][c] - kStops[i][c]))); };
    return qRgb(mix(0), mix(1), mix(2));
}

QImage colorScaleImage(int width, int height) {
    QImage image(std::max(1, width), std::max(1, height), QImage::Format_RGB32);
    for (int x = 0; x < image.width(); ++x) {
        const QRgb c = viridis(float(x) / float(std::max(1, image.width() - 1)));
        for (int y = 0; y < image.height(); ++y) image.setPixel(x, y, c);
    }
    return image;
}

} // namespace timbrescope::widgets
