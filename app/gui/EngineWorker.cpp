#include "app/gui/EngineWorker.h"

#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"
#include "engine/core/Error.h"
#include "engine/data/DatasetScanner.h"
#include "engine/data/LabelFile.h"
#include "engine/dsp/TrackSpectrogram.h"
#include "engine/eval/Ensemble.h"
#include "engine/eval/ModelCard.h"
#include "engine/models/ModelRegistry.h"

#include <torch/torch.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace timbrescope::gui {
namespace {

// Segments beyond which a track is shown before its prediction: about a minute of audio.
constexpr std::size_t kShowBeforePredicting = 64;

QString shapeText(const at::Tensor& t) {
    QStringList dims;
    for (std::int64_t d = 1; d < t.dim(); ++d) dims << QString::number(t.size(d));
    return dims.join(QStringLiteral(" × "));
}

// A layer's output for one segment ([1, C, T], [1, C, H, W] or [1, C, 1]) as a rows × columns grid.
widgets::ActivationMap toMap(const std::string& name, const at::Tensor& output) {
    widgets::ActivationMap map;
    map.name = QString::fromStdString(name);
    map.shape = shapeText(output);
    at::Tensor grid = output[0].detach().to(torch::kCPU, torch::kFloat32);
    if (grid.dim() == 3) {  // 2-D feature maps: their mean over channels, frequency × time
        if (grid.size(0) > 1) map.note = QStringLiteral("mean over channels");
        grid = grid.mean(0);
    }
    grid = grid.contiguous();
    map.rows = int(grid.size(0));
    map.columns = int(grid.size(1));
    map.values.assign(grid.data_ptr<float>(), grid.data_ptr<float>() + grid.numel());
    map.waveform = map.rows == 1 && map.columns > 1000;
    return map;
}

// Labels from "name.txt" beside the audio file, as IRMAS test excerpts have them.
std::vector<bool> labelsBeside(const QString& audioPath) {
    const QFileInfo info(audioPath);
    const QString labelPath = info.dir().filePath(info.completeBaseName() + QStringLiteral(".txt"));
    if (!QFileInfo::exists(labelPath)) return {};
    const data::ParsedLabels parsed = data::readLabelFile(labelPath.toStdString());
    if (parsed.notText || parsed.labels == 0) return {};
    std::vector<bool> labels(data::kClassCount);
    for (int c = 0; c < data::kClassCount; ++c) labels[std::size_t(c)] = data::hasLabel(parsed.labels, c);
    return labels;
}

} // namespace

EngineWorker::EngineWorker() = default;
EngineWorker::~EngineWorker() = default;

void EngineWorker::loadModel(const QString& path) {
    try {
        ensemble_ = std::make_unique<eval::Ensemble>(eval::Ensemble::load(path.toStdString()));
        const models::ParameterCount count = models::countParameters(*ensemble_->models().front());
        ModelSummary summary;
        summary.path = path;
        summary.architecture = QString::fromStdString(ensemble_->architecture());
        summary.models = int(ensemble_->size());
        summary.description = QStringLiteral("%1 · %2 parameters · %3 fold model%4")
                                  .arg(summary.architecture, QString::fromStdString(models::shortCount(double(count.kerasTotal))))
                                  .arg(summary.models)
                                  .arg(summary.models == 1 ? "" : "s");
        for (const auto& line : eval::readModelCard(path.toStdString()).lines()) summary.card << QString::fromStdString(line);
        for (const auto& note : ensemble_->notes()) summary.card << QStringLiteral("Note: ") + QString::fromStdString(note);
        Q_EMIT modelLoaded(summary);
    } catch (const std::exception& e) {
        Q_EMIT failed(QStringLiteral("model"), path, QString::fromUtf8(e.what()));
    }
}

void EngineWorker::analyzeTrack(const QString& path, int request) {
    if (request != latestTrack_) return;  // superseded while queued
    try {
        const audio::PreprocessOptions options = ensemble_ ? ensemble_->preprocessing() : audio::PreprocessOptions{};
        audio::Track track = audio::loadTrack(path.toStdString(), options);
        if (request != latestTrack_) return;
        mono_.reset();  // the previous track's signal goes before the next one's segment levels are computed
        segmentRms_ = audio::segmentRms(track.mono, options);
        TrackSummary summary = summarizeTrack(path, std::move(track), options.segmentLength, options.hop);
        mono_ = summary.mono;
        trackPath_ = path;
        // A long track is shown at once, its probabilities when they are ready (minutes for hours).
        if (ensemble_ && segmentRms_.size() > kShowBeforePredicting) {
            widgets::PredictionData pending;
            pending.pending = QStringLiteral("Predicting %1 segments with %2 (%3 fold models)…")
                                  .arg(segmentRms_.size())
                                  .arg(QString::fromStdString(ensemble_->architecture()))
                                  .arg(ensemble_->size());
            Q_EMIT trackAnalyzed(request, summary, pending);
        }
        const std::optional<widgets::PredictionData> prediction = predict(path, request);
        if (!prediction) return;
        Q_EMIT trackAnalyzed(request, summary, *prediction);
        // What the CQT baseline hears, for the spectrogram pane; a newer request stops it.
        auto cqt = dsp::wholeTrackCqt(*mono_, options.sampleRate, 16384, [&] { return request == latestTrack_; });
        if (!cqt) return;
        widgets::SpectrogramData spectrogram;
        spectrogram.bins = cqt->bins;
        spectrogram.frames = int(cqt->frames);
        spectrogram.framesPerSecond = cqt->framesPerSecond;
        spectrogram.fmin = cqt->fmin;
        spectrogram.binsPerOctave = cqt->binsPerOctave;
        spectrogram.floorDb = cqt->floorDb;
        spectrogram.db = std::move(cqt->db);
        Q_EMIT spectrogramReady(request, spectrogram);
    } catch (const std::exception& e) {
        if (request == latestTrack_) Q_EMIT failed(QStringLiteral("track"), path, QString::fromUtf8(e.what()));
    }
}

std::optional<widgets::PredictionData> EngineWorker::predict(const QString& path, int request) {
    widgets::PredictionData data;
    if (!ensemble_ || !mono_) return data;
    for (const auto& c : data::instrumentClasses()) {
        data.classes << QString::fromLatin1(c.code);
        data.names << QString::fromLatin1(c.name);
    }
    data.thresholds.assign(ensemble_->calibratedThresholds().begin(), ensemble_->calibratedThresholds().end());
    data.labels = labelsBeside(path);
    // A long track's segments stream into the heat map as they are scored (at most twice a
    // second), so its first minutes can be read while the rest is predicted.
    QElapsedTimer sinceShown;
    sinceShown.start();
    const auto showSoFar = [&](const eval::TrackPrediction& partial) {
        if (segmentRms_.size() <= kShowBeforePredicting || sinceShown.elapsed() < 500) return;
        sinceShown.restart();
        widgets::PredictionData soFar = data;
        for (const auto& segment : partial.segments) soFar.segments.insert(soFar.segments.end(), segment.begin(), segment.end());
        soFar.track.assign(partial.track.begin(), partial.track.end());
        soFar.segmentSeconds = partial.hopSeconds;
        soFar.progress = double(partial.segments.size()) / double(segmentRms_.size());
        soFar.verdict = QStringLiteral("Predicting: %1 of %2 segments (%3 %)…")
                            .arg(partial.segments.size())
                            .arg(segmentRms_.size())
                            .arg(int(soFar.progress * 100));
        Q_EMIT predictionProgress(request, soFar);
    };
    // A newer request (another track opened) stops a long track's prediction between batches.
    const std::optional<eval::TrackPrediction> p =
        ensemble_->predictSignal(*mono_, segmentRms_, 64, [&] { return request == latestTrack_; }, showSoFar);
    if (!p) return std::nullopt;
    for (const auto& segment : p->segments) data.segments.insert(data.segments.end(), segment.begin(), segment.end());
    data.track.assign(p->track.begin(), p->track.end());
    constexpr eval::DecisionRule rule = eval::DecisionRule::AtLeastOne;  // as eval and predict by default
    const auto predicted = eval::decide(p->track, ensemble_->calibratedThresholds(), rule);
    data.predicted.assign(predicted.begin(), predicted.end());
    data.decision = QString::fromLatin1(eval::decisionRuleName(rule));
    const eval::Verdict verdict = eval::verdictOf(p->track, ensemble_->calibratedThresholds(), rule);
    data.verdict = QString::fromStdString(verdict.text);
    data.unsure = verdict.unsure;
    data.segmentSeconds = p->hopSeconds;
    return data;
}

void EngineWorker::computeActivations(int segment) {
    if (!ensemble_ || !mono_ || segment < 0 || std::size_t(segment) >= segmentRms_.size()) return;
    try {
        torch::NoGradGuard noGrad;
        auto& model = *ensemble_->models().front();
        const audio::PreprocessOptions& options = ensemble_->preprocessing();
        const audio::Segments one = audio::segmentRange(*mono_, segmentRms_, std::size_t(segment), 1, options);
        const at::Tensor input = torch::from_blob(const_cast<float*>(one.segment(0)), {1, 1, one.length}, torch::kFloat32).clone();
        const models::ForwardResult result = model.forward_with_activations(input);
        widgets::ActivationMaps maps;
        for (const auto& [name, output] : result.activations) maps.push_back(toMap(name, output));
        maps.push_back(toMap("probabilities", torch::sigmoid(result.logits).unsqueeze(2)));
        const QString caption = QStringLiteral("%1 · segment %2 (%3–%4 s) · fold 1 model")
                                    .arg(QString::fromStdString(ensemble_->architecture()))
                                    .arg(segment + 1)
                                    .arg(segment * double(one.hop) / options.sampleRate, 0, 'f', 1)
                                    .arg((segment * double(one.hop) + one.length) / options.sampleRate, 0, 'f', 1);
        Q_EMIT activationsReady(segment, maps, caption);
    } catch (const std::exception& e) {
        Q_EMIT failed(QStringLiteral("activations"), trackPath_, QString::fromUtf8(e.what()));
    }
}

} // namespace timbrescope::gui

namespace timbrescope::gui {

void EngineWorker::scanFolder(const QString& folder) {
    try {
        // Content hashes are not needed to browse: skip them, so a first look at IRMAS is quick.
        data::ScanOptions options;
        options.findDuplicates = false;
        const data::DatasetIndex index = data::scanDataset(folder.toStdString(), options);
        widgets::DatasetListing listing;
        listing.root = QString::fromStdString(index.root);
        for (const auto& e : index.entries) {
            widgets::DatasetListing::Track t;
            t.path = QString::fromStdString(e.path);
            t.relativePath = QString::fromStdString(e.relativePath);
            t.labels = QString::fromStdString(data::labelString(e.labels));
            t.training = e.split == data::Split::Train;
            t.group = t.training ? t.labels : QString();
            t.seconds = e.seconds();
            listing.tracks.push_back(t);
        }
        for (const auto& w : index.warnings) listing.warnings << QString::fromStdString(w.path + ": " + w.message);
        Q_EMIT folderScanned(listing);
    } catch (const std::exception& e) {
        Q_EMIT failed(QStringLiteral("folder"), folder, QString::fromUtf8(e.what()));
    }
}

} // namespace timbrescope::gui
