#pragma once
// The paper's Table 5 layout for runs being compared: F1-micro, F1-macro, LRAP (fold mean ± std,
// and the fold ensemble) and #params, with the paper's published numbers as separate, marked
// rows that name their source (each row's tooltip, and a column of the CSV).

#include <QTableWidget>

#include <vector>

namespace timbrescope::widgets {

struct ResultsRow {
    QString model;
    QString source;          // "this workbench: RUN" or "paper, Table 5"
    bool published = false;  // the paper's numbers, not ours
    double f1Micro = 0, f1MicroStd = -1, f1Macro = 0, f1MacroStd = -1, lrap = 0, lrapStd = -1;  // std < 0: not given
    double parameters = 0;
};

class ResultsTable : public QTableWidget {
    Q_OBJECT
public:
    explicit ResultsTable(QWidget* parent = nullptr);
    void setRows(const std::vector<ResultsRow>& rows);
    const std::vector<ResultsRow>& rows() const { return rows_; }
    QStringList csvLines() const;

private:
    std::vector<ResultsRow> rows_;
};

} // namespace timbrescope::widgets
