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

bool F1Comparison::hasData(int cls, bool a) const {
    const std::vector<bool>& supported = a ? supportedA : supportedB;
    return supported.empty() || supported[std::size_t(cls)];
}

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
    chart->setTitle(title());
    chart->setAnimationOptions(QChart::NoAnimation);
    auto* categories = new QBarCategoryAxis;
    // Codes (instrument names do not fit under the bars); a class a test set never labels says so.
    QStringList labels;
    for (int c = 0; c < comparison.classes.size(); ++c) {
        const bool a = comparison.hasData(c, true), b = comparison.hasData(c, false);
        labels << (a && b ? comparison.classes[c]
                          : comparison.classes[c] + (a || b ? tr("\nno data (%1)").arg(a ? comparison.nameB : comparison.nameA) : tr("\nno data")));
    }
    categories->append(labels);
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

QString F1ComparisonChart::title() const {
    QString text = tr("F1 per instrument (fold ensemble)");
    if (!comparison_.testA.isEmpty() && !comparison_.testB.isEmpty() && comparison_.testA != comparison_.testB)
        text += tr("<br><small>scored on different test sets: %1 on %2, %3 on %4</small>")
                    .arg(comparison_.nameA.toHtmlEscaped(), comparison_.testA.toHtmlEscaped(), comparison_.nameB.toHtmlEscaped(),
                         comparison_.testB.toHtmlEscaped());
    return text;
}

QStringList F1ComparisonChart::csvLines() const {
    auto quoted = [](QString s) { return s.contains(',') || s.contains('"') ? '"' + s.replace('"', "\"\"") + '"' : s; };
    QStringList lines{QStringLiteral("class,instrument,%1,%2").arg(quoted(comparison_.nameA), quoted(comparison_.nameB))};
    const auto value = [&](int c, bool a) {
        return comparison_.hasData(c, a) ? QString::number((a ? comparison_.f1A : comparison_.f1B)[std::size_t(c)], 'f', 6) : QString();
    };
    for (int c = 0; c < comparison_.classes.size(); ++c)
        lines << QStringLiteral("%1,%2,%3,%4").arg(comparison_.classes[c], comparison_.names.value(c), value(c, true), value(c, false));
    return lines;
}

QByteArray F1ComparisonChart::json() const {
    QJsonArray rows;
    const auto value = [&](int c, bool a) {
        return comparison_.hasData(c, a) ? QJsonValue((a ? comparison_.f1A : comparison_.f1B)[std::size_t(c)]) : QJsonValue(QJsonValue::Null);
    };
    for (int c = 0; c < comparison_.classes.size(); ++c)
        rows.append(QJsonObject{{"class", comparison_.classes[c]}, {"instrument", comparison_.names.value(c)}, {"a", value(c, true)},
                                {"b", value(c, false)}});
    return QJsonDocument(QJsonObject{{"metric", "F1 per instrument (fold ensemble)"},
                                     {"a", comparison_.nameA},
                                     {"b", comparison_.nameB},
                                     {"test_a", comparison_.testA},
                                     {"test_b", comparison_.testB},
                                     {"rows", rows}})
        .toJson();
}

} // namespace timbrescope::widgets
