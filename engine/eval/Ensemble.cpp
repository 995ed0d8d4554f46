#include "engine/eval/Ensemble.h"

#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"
#include "engine/core/Error.h"
#include "engine/eval/Predictor.h"
#include "engine/models/ModelFile.h"
#include "engine/train/RunRecord.h"

#include <torch/torch.h>

#include <filesystem>

namespace timbrescope::eval {
namespace fs = std::filesystem;

Ensemble Ensemble::load(const std::string& path, c10::Device device) {
    Ensemble e;
    e.device_ = device;
    if (fs::is_directory(path)) {
        const train::RunRecord record = train::readRunRecord(path);
        e.preprocessing_ = record.preprocessing;
        e.architecture_ = record.training.architecture;
        e.thresholds_.fill(0.0f);
        for (const auto& f : record.folds) {
            if (f.status != train::FoldStatus::Finished) continue;
            const std::string file = train::foldModelFile(path, f.fold);
            e.models_.push_back(models::loadModel(file, e.architecture_));
            if (std::string note = models::olderFormatNote(file); !note.empty()) e.notes_.push_back(std::move(note));
            for (std::size_t c = 0; c < e.thresholds_.size(); ++c) e.thresholds_[c] += f.thresholds[c];
        }
        if (e.models_.empty()) throw Error(path, "has no finished fold model yet (train it, or --resume it)");
        for (float& t : e.thresholds_) t /= float(e.models_.size());
    } else {
        e.models_.push_back(models::loadModel(path));
        if (std::string note = models::olderFormatNote(path); !note.empty()) e.notes_.push_back(std::move(note));
        e.architecture_ = e.models_.front()->architecture();
    }
    for (auto& m : e.models_) {
        m->to(device);
        m->eval();
    }
    return e;
}

Probabilities Ensemble::predictSegments(const std::vector<const float*>& rows, int batch) const {
    Probabilities sum(rows.size(), ClassVector{});
    for (const auto& model : models_) {
        const Probabilities logits = segmentLogits(*model, rows, preprocessing_.segmentLength, device_, batch);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const ClassVector p = sigmoid(logits[i]);
            for (std::size_t c = 0; c < p.size(); ++c) sum[i][c] += p[c] / float(models_.size());
        }
    }
    return sum;
}

TrackPrediction Ensemble::predict(const std::string& audioPath, int batch) const {
    const audio::Track track = audio::loadTrack(audioPath, preprocessing_);
    TrackPrediction p = *predictSignal(track.mono, audio::segmentRms(track.mono, preprocessing_), batch);
    p.warnings = track.warnings;
    return p;
}

std::optional<TrackPrediction> Ensemble::predictSignal(const std::vector<float>& mono, const std::vector<float>& segmentRms, int batch,
                                                       const std::function<bool()>& keepGoing,
                                                       const std::function<void(const TrackPrediction&)>& onBatch) const {
    TrackPrediction p;
    p.segmentSeconds = double(preprocessing_.segmentLength) / preprocessing_.sampleRate;
    p.hopSeconds = double(preprocessing_.hop) / preprocessing_.sampleRate;
    p.segments.reserve(segmentRms.size());
    p.silent.reserve(segmentRms.size());
    const std::size_t step = std::size_t(std::max(batch, 1));
    for (std::size_t first = 0; first < segmentRms.size(); first += step) {
        if (keepGoing && !keepGoing()) return std::nullopt;
        const audio::Segments part = audio::segmentRange(mono, segmentRms, first, step, preprocessing_);
        std::vector<const float*> rows;
        for (std::size_t i = 0; i < part.count(); ++i) rows.push_back(part.segment(i));
        const Probabilities probabilities = predictSegments(rows, batch);
        p.segments.insert(p.segments.end(), probabilities.begin(), probabilities.end());
        p.silent.insert(p.silent.end(), part.silent.begin(), part.silent.end());
        if (onBatch && p.segments.size() < segmentRms.size()) {
            p.track = mean(p.segments);
            onBatch(p);
        }
    }
    p.track = mean(p.segments);
    return p;
}

} // namespace timbrescope::eval
