#pragma once
// Two evaluated runs (results.json, from timbrescope-cli eval) as the data of the F1 comparison
// chart, and the headless export used by `timbrescope --export-comparison`.

#include "widgets/F1ComparisonChart.h"
#include "widgets/ResultsTable.h"

#include <QString>

namespace timbrescope::gui {

// Throws timbrescope::Error naming the run whose results cannot be read.
widgets::F1Comparison compareRuns(const QString& runA, const QString& runB);

// The two runs in the paper's Table 5 layout, then the paper's published rows for their
// architectures and for Table 5's two models (from `paperResults`, assets/paper/results.json;
// none when empty). Throws timbrescope::Error like compareRuns().
std::vector<widgets::ResultsRow> resultsRows(const QString& runA, const QString& runB, const QString& paperResults);

// Run A's co-occurrence matrix (labelled × predicted, row-major) from its results.json.
std::vector<int> coOccurrence(const QString& run);

// Renders the comparison offscreen into `out` (.png/.svg/.pdf picture or .csv/.json numbers).
// Returns an empty string on success, else the error naming the file.
QString exportComparison(const QString& runA, const QString& runB, const QString& out);

} // namespace timbrescope::gui
