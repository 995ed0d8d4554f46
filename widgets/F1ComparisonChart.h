#pragma once
// The paper's Figure 4 for any two evaluated runs: per-instrument F1 as grouped bars (Qt Charts),
// e.g. a raw-waveform model against the CQT baseline.

#include <QChartView>
#include <QStringList>

#include <vector>

namespace timbrescope::widgets {

struct F1Comparison {
    QStringList classes;  // codes, the chart's categories
    QStringList names;    // instrument names (in the exported numbers)
    QString nameA, nameB;
    std::vector<double> f1A, f1B;
};

class F1ComparisonChart : public QChartView {
    Q_OBJECT
public:
    explicit F1ComparisonChart(QWidget* parent = nullptr);

    void setComparison(const F1Comparison& comparison);
    const F1Comparison& comparison() const { return comparison_; }

    // The chart's numbers: header + one row per instrument (class, instrument, A, B).
    QStringList csvLines() const;
    QByteArray json() const;

private:
    F1Comparison comparison_;
};

} // namespace timbrescope::widgets
