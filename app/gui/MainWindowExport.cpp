// MainWindow: what File ▸ Export writes for each view: pictures (laid out at a chosen size, under a
// caption naming what they show) and numbers (CSV, JSON).

#include "app/gui/MainWindow.h"

#include "widgets/ActivationView.h"
#include "widgets/CoOccurrenceView.h"
#include "widgets/F1ComparisonChart.h"
#include "widgets/PictureOptionsDialog.h"
#include "widgets/PredictionView.h"
#include "widgets/ResultsTable.h"
#include "widgets/SpectrogramView.h"
#include "widgets/TrainingCharts.h"
#include "widgets/TrainingPanel.h"
#include "widgets/ViewExport.h"
#include "widgets/WaveformView.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QStatusBar>

namespace timbrescope::gui {

void MainWindow::registerExports() {
    const auto trainingNumbers = [this] { return std::make_pair(training_->charts()->csvLines(), QByteArray()); };
    const auto noEpochs = [this] { return training_->charts()->points() == 0; };
    addExportMenu(training_->charts()->lossView(), QStringLiteral("training-loss"), tr("Training &loss chart"), noEpochs, trainingNumbers);
    addExportMenu(training_->charts()->scoreView(), QStringLiteral("training-f1"), tr("Training &F1 chart"), noEpochs, trainingNumbers);

    addExportMenu(waveform_, QStringLiteral("waveform"), tr("&Waveform"), [this] { return currentPath_.isEmpty(); });
    addExportMenu(spectrogram_, QStringLiteral("spectrogram"), tr("&Spectrogram"), [this] { return spectrogram_->data().frames == 0; });
    addExportMenu(activations_, QStringLiteral("activations"), tr("&Activations of every layer"), [this] { return activations_->maps().empty(); });
    addExportMenu(predictions_, QStringLiteral("predictions"), tr("&Predictions (heat map and whole-track bars)"),
                  [this] { return predictions_->data().track.empty(); }, [this] {
        // Per segment, the whole track, the thresholds and what was predicted; the JSON also names
        // the track, the model and the decision rule.
        const auto& d = predictions_->data();
        QStringList csv{QStringLiteral("segment,") + d.classes.join(',')};
        for (int s = 0; s < d.segmentCount(); ++s) {
            QStringList row{QString::number(s + 1)};
            for (int c = 0; c < d.classes.size(); ++c) row << QString::number(double(d.at(s, c)), 'f', 6);
            csv << row.join(',');
        }
        QStringList track{QStringLiteral("track")}, threshold{QStringLiteral("threshold")}, predicted{QStringLiteral("predicted")};
        QJsonArray trackJson, thresholdJson, heardJson;
        for (int c = 0; c < d.classes.size(); ++c) {
            const double t = d.thresholds[std::size_t(c)];
            track << QString::number(double(d.track[std::size_t(c)]), 'f', 6);
            threshold << QString::number(t, 'f', 6);
            predicted << QString::number(int(d.isPredicted(c)));
            trackJson.append(double(d.track[std::size_t(c)]));
            thresholdJson.append(t);
            if (d.isPredicted(c)) heardJson.append(d.classes[c]);
        }
        csv << track.join(',') << threshold.join(',') << predicted.join(',');
        QJsonArray segments;
        for (int s = 0; s < d.segmentCount(); ++s) {
            QJsonArray row;
            for (int c = 0; c < d.classes.size(); ++c) row.append(double(d.at(s, c)));
            segments.append(row);
        }
        const QJsonObject json{{"track", currentPath_},
                               {"model", modelPath_},
                               {"decision", d.decision.isEmpty() ? QStringLiteral("thresholds") : d.decision},
                               {"verdict", d.verdict},
                               {"classes", QJsonArray::fromStringList(d.classes)},
                               {"segment_seconds", d.segmentSeconds},
                               {"segments", segments},
                               {"track_probabilities", trackJson},
                               {"thresholds", thresholdJson},
                               {"heard", heardJson}};
        return std::make_pair(csv, QJsonDocument(json).toJson());
    });
    addExportMenu(comparison_, QStringLiteral("f1-comparison"), tr("F1 &comparison chart"), [this] { return comparison_->comparison().classes.isEmpty(); },
                  [this] { return std::make_pair(comparison_->csvLines(), comparison_->json()); });
    addExportMenu(results_, QStringLiteral("results-table"), tr("&Results table"), [this] { return results_->rowCount() == 0; },
                  [this] { return std::make_pair(results_->csvLines(), QByteArray()); });
    addExportMenu(coOccurrence_, QStringLiteral("co-occurrence"), tr("&Heard-as matrix"), [this] { return coOccurrence_->csvLines().size() <= 1; },
                  [this] { return std::make_pair(coOccurrence_->csvLines(), QByteArray()); });
}

void MainWindow::addExportMenu(QWidget* view, const QString& name, const QString& title, std::function<bool()> empty,
                               ExportNumbers numbers) {
    exportables_[name] = {view, std::move(empty), std::move(numbers)};
    if (!exportMenu_) exportMenu_ = new QMenu(tr("&Export"), this);
    exportMenu_->addAction(tr("%1…").arg(title), this, [this, name] { exportView(name); });
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this, view, name](const QPoint& at) {
        QMenu menu(view);
        menu.addAction(tr("Export…"), this, [this, name] { exportView(name); });
        menu.exec(view->mapToGlobal(at));
    });
}

void MainWindow::exportView(const QString& name) {
    const Exportable& e = exportables_.at(name);
    const auto [csv, json] = e.numbers ? e.numbers() : std::make_pair(QStringList(), QByteArray());
    QString filters = tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
    if (!csv.isEmpty()) filters += tr(";;CSV numbers (*.csv)");
    if (!json.isEmpty()) filters += tr(";;JSON numbers (*.json)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(name), name + QStringLiteral(".png"), filters);
    if (path.isEmpty()) return;
    std::optional<widgets::PictureOptions> options;
    const QString format = widgets::exportFormat(path);
    if (format == QLatin1String("png") || format == QLatin1String("svg") || format == QLatin1String("pdf")) {
        widgets::PictureOptionsDialog dialog(e.view->size(), exportCaption(name), format == QLatin1String("png"), this);
        if (dialog.exec() != QDialog::Accepted) return;
        options = dialog.options();
    }
    const QString error = exportViewTo(name, path, options);
    if (error.isEmpty()) statusBar()->showMessage(tr("Exported %1").arg(path));
    else showFailure(QStringLiteral("export"), path, error);
}

QStringList MainWindow::exportCaption(const QString& name) const {
    const QString track = QFileInfo(currentPath_).fileName();
    const QString model = modelPath_.isEmpty() ? QString() : tr("model %1").arg(QDir::toNativeSeparators(modelPath_));
    if (name == QLatin1String("waveform")) return {tr("Waveform · %1").arg(track)};
    if (name == QLatin1String("spectrogram")) return {tr("Constant-Q spectrogram (96 semitones from C1, dB below the loudest) · %1").arg(track)};
    if (name == QLatin1String("activations"))
        return {tr("Activations of every layer · %1").arg(activations_->caption().isEmpty() ? track : activations_->caption()), model};
    if (name == QLatin1String("predictions")) {
        const auto& d = predictions_->data();
        QStringList thresholds;
        for (int c = 0; c < d.classes.size() && c < int(d.thresholds.size()); ++c)
            thresholds << QStringLiteral("%1 %2").arg(d.classes[c], QString::number(double(d.thresholds[std::size_t(c)]), 'f', 2));
        return {tr("Predictions · %1 · %2").arg(track, model),
                tr("decision: %1 · thresholds: %2").arg(d.decision.isEmpty() ? tr("thresholds") : d.decision, thresholds.join(QStringLiteral(", ")))};
    }
    if (name == QLatin1String("f1-comparison") || name == QLatin1String("results-table") || name == QLatin1String("co-occurrence")) {
        const auto& c = comparison_->comparison();
        QStringList lines{comparison_->title()};
        lines << (c.testA == c.testB ? tr("test set: %1").arg(c.testA) : tr("test sets: %1 (%2), %3 (%4)").arg(c.nameA, c.testA, c.nameB, c.testB));
        return lines;
    }
    if (name.startsWith(QLatin1String("training"))) return {tr("Training · %1 · %2").arg(lastRequest_.architecture, lastRequest_.runDir)};
    return {};
}

QString MainWindow::exportViewTo(const QString& name, const QString& path, std::optional<widgets::PictureOptions> options) {
    const auto found = exportables_.find(name);
    if (found == exportables_.end()) return tr("%1: no view is exported as '%2'").arg(path, name);
    const Exportable& e = found->second;
    // A view that shows nothing yet gets an error, never a blank picture or a header-only file.
    if (e.empty && e.empty()) return tr("%1: the %2 view is empty, nothing to export yet").arg(path, name);
    const QString format = widgets::exportFormat(path);
    QStringList caption = exportCaption(name);
    caption.removeAll(QString());
    if (format != QLatin1String("csv") && format != QLatin1String("json")) {
        if (!options) options = widgets::PictureOptions{QSize(), 1.0, caption};
        return widgets::exportPicture(e.view, path, *options);
    }
    const auto [csv, json] = e.numbers ? e.numbers() : std::make_pair(QStringList(), QByteArray());
    if (format == QLatin1String("csv") ? csv.isEmpty() : json.isEmpty())
        return tr("%1: the %2 view has no %3 numbers to export").arg(path, name, format.toUpper());
    return widgets::exportNumbers(path, csv, json, caption);
}

} // namespace timbrescope::gui
