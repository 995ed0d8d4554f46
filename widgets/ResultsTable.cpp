#include "widgets/ResultsTable.h"

#include <QHeaderView>

namespace timbrescope::widgets {
namespace {

QString score(double value, double std) {
    return std < 0 ? QString::number(value, 'f', 3) : QStringLiteral("%1 ± %2").arg(value, 0, 'f', 3).arg(std, 0, 'f', 3);
}

// A published number without a std (< 0) exports as an empty field, not as -1.
QString stdText(double std) { return std < 0 ? QString() : QString::number(std); }

QString count(double n) {
    if (n <= 0) return QStringLiteral("–");
    return n >= 1e6 ? QStringLiteral("%1M").arg(n / 1e6, 0, 'f', 2) : QStringLiteral("%1K").arg(n / 1e3, 0, 'f', 1);
}

} // namespace

ResultsTable::ResultsTable(QWidget* parent) : QTableWidget(parent) {
    // Five columns fit a side dock without scrolling; each row's source is its tooltip.
    setColumnCount(5);
    setHorizontalHeaderLabels({tr("Model"), tr("F1-micro"), tr("F1-macro"), tr("LRAP"), tr("#Params")});
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
}

void ResultsTable::setRows(const std::vector<ResultsRow>& rows) {
    rows_ = rows;
    setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const ResultsRow& row = rows[std::size_t(r)];
        const QStringList cells = {row.model, score(row.f1Micro, row.f1MicroStd), score(row.f1Macro, row.f1MacroStd),
                                   score(row.lrap, row.lrapStd), count(row.parameters)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(row.source);
            if (row.published) {  // the paper's numbers, set apart
                QFont italic = item->font();
                italic.setItalic(true);
                item->setFont(italic);
                item->setBackground(QColor(245, 240, 225));
            }
            setItem(r, c, item);
        }
    }
}

QStringList ResultsTable::csvLines() const {
    QStringList lines{QStringLiteral("model,source,published,f1_micro,f1_micro_std,f1_macro,f1_macro_std,lrap,lrap_std,parameters")};
    for (const ResultsRow& r : rows_)
        lines << QStringList{r.model, '"' + r.source + '"', r.published ? "yes" : "no", QString::number(r.f1Micro), stdText(r.f1MicroStd),
                             QString::number(r.f1Macro), stdText(r.f1MacroStd), QString::number(r.lrap), stdText(r.lrapStd),
                             QString::number(r.parameters)}
                     .join(',');
    return lines;
}

} // namespace timbrescope::widgets
