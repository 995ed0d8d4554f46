#pragma once
// One layer's output for one segment, as plain data for the activation view: a rows × columns
// grid (channels × time for 1-D layers; frequency × time for the CQT image).

#include <QMetaType>
#include <QString>

#include <vector>

namespace timbrescope::widgets {

struct ActivationMap {
    QString name;   // e.g. "cell3"
    QString shape;  // the tensor's shape as the model has it, e.g. "64 × 816"
    QString note;   // how the grid was derived from it, e.g. "mean over channels" (may be empty)
    int rows = 0, columns = 0;
    std::vector<float> values;  // rows × columns, row-major
    bool waveform = false;      // a single signal: drawn as a line, not a heat map

    float at(int row, int column) const { return values[std::size_t(row) * std::size_t(columns) + std::size_t(column)]; }
};

using ActivationMaps = std::vector<ActivationMap>;

} // namespace timbrescope::widgets

Q_DECLARE_METATYPE(timbrescope::widgets::ActivationMaps)
