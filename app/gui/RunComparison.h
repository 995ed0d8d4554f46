#pragma once
// Two evaluated runs (results.json, from timbrescope-cli eval) as the data of the F1 comparison
// chart, and the headless export used by `timbrescope --export-comparison`.

#include "widgets/F1ComparisonChart.h"

#include <QString>

namespace timbrescope::gui {

// Throws timbrescope::Error naming the run whose results cannot be read.
widgets::F1Comparison compareRuns(const QString& runA, const QString& runB);

// Renders the comparison offscreen into `out` (.png/.svg/.pdf picture or .csv/.json numbers).
// Returns an empty string on success, else the error naming the file.
QString exportComparison(const QString& runA, const QString& runB, const QString& out);

} // namespace timbrescope::gui
