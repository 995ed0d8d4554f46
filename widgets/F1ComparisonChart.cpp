#include "widgets/F1ComparisonChart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QValueAxis>

namespace timbrescope::widgets {

F1ComparisonChart::F1ComparisonChart(QWidget* parent) : QChartView(parent) {
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(480, 320);
}

void F1ComparisonChart::setComparison(const F1Comparison& comparison) {
    comparison_ = comparison;
    auto* a = new QBarSet(comparison.nameA);
    auto* b = new QBarSet(comparison.nameB);
    a->setColor(QColor(40, 85, 160));
    b->setColor(QColor(240, 150, 40));
    for (double v : comparison.f1A) *a << v;
    for (double v : comparison.f1B) *b << v;
    auto* series = new QBarSeries;
    series->append(a);
    series->append(b);

    auto* chart = new QChart;
    chart->addSeries(series);
    chart->setTitle(tr("F1 per instrument"));
    chart->setAnimationOptions(QChart::NoAnimation);
    auto* categories = new QBarCategoryAxis;
    categories->append(comparison.classes);  // codes: instrument names do not fit under the bars
    chart->addAxis(categories, Qt::AlignBottom);
    series->attachAxis(categories);
    auto* f1 = new QValueAxis;
    f1->setRange(0.0, 1.0);
    f1->setTitleText(tr("F1"));
    f1->setTickCount(6);
    f1->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(f1, Qt::AlignLeft);
    series->attachAxis(f1);
    chart->legend()->setAlignment(Qt::AlignTop);
    QChart* old = this->chart();
    setChart(chart);
    delete old;
}

QStringList F1ComparisonChart::csvLines() const {
    auto quoted = [](QString s) { return s.contains(',') || s.contains('"') ? '"' + s.replace('"', "\"\"") + '"' : s; };
    QStringList lines{QStringLiteral("class,instrument,%1,%2").arg(quoted(comparison_.nameA), quoted(comparison_.nameB))};
    for (int c = 0; c < comparison_.classes.size(); ++c)
        lines << QStringLiteral("%1,%2,%3,%4")
                     .arg(comparison_.classes[c], comparison_.names.value(c))
                     .arg(comparison_.f1A[std::size_t(c)], 0, 'f', 6)
                     .arg(comparison_.f1B[std::size_t(c)], 0, 'f', 6);
    return lines;
}

QByteArray F1ComparisonChart::json() const {
    QJsonArray rows;
    for (int c = 0; c < comparison_.classes.size(); ++c)
        rows.append(QJsonObject{{"class", comparison_.classes[c]}, {"instrument", comparison_.names.value(c)},
                                {"a", comparison_.f1A[std::size_t(c)]}, {"b", comparison_.f1B[std::size_t(c)]}});
    return QJsonDocument(QJsonObject{{"metric", "F1 per instrument"}, {"a", comparison_.nameA}, {"b", comparison_.nameB}, {"rows", rows}})
        .toJson();
}

} // namespace timbrescope::widgets
