#pragma once
// The paper's Figure 4 for any two evaluated runs: per-instrument F1 as grouped bars (Qt Charts),
// e.g. a raw-waveform model against the CQT baseline.

#include <QChartView>
#include <QStringList>

#include <vector>

namespace timbrescope::widgets {

// The bars are each run's fold-ensemble F1 (what results.json calls "ensemble").
struct F1Comparison {
    QStringList classes;  // codes, the chart's categories
    QStringList names;    // instrument names (in the exported numbers)
    QString nameA, nameB;
    std::vector<double> f1A, f1B;
    // Whether the run's test set labels each class at all (empty: every class): a class without
    // test excerpts has no F1 to show, which is not an F1 of 0.
    std::vector<bool> supportedA, supportedB;
    QString testA, testB;  // the test sets scored on (names); said in the title when they differ

    bool hasData(int cls, bool a) const;
};

class F1ComparisonChart : public QChartView {
    Q_OBJECT
public:
    explicit F1ComparisonChart(QWidget* parent = nullptr);

    void setComparison(const F1Comparison& comparison);
    const F1Comparison& comparison() const { return comparison_; }

    // The chart's numbers: header + one row per instrument (class, instrument, A, B; a class
    // without test excerpts is empty, null in JSON).
    QStringList csvLines() const;
    QByteArray json() const;
    // What the chart's title says: the measure, and the test sets when the two differ.
    QString title() const;

private:
    F1Comparison comparison_;
};

} // namespace timbrescope::widgets
