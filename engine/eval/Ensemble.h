#pragma once
// Trained models ready to listen: a run's fold models (their probabilities averaged) or a single
// model file, with the preprocessing they were trained with. Predicts tracks the paper's way:
// every 1-s segment, then the mean over segments.

#include "engine/audio/PreprocessOptions.h"
#include "engine/eval/Metrics.h"
#include "engine/models/ModelBase.h"

#include <c10/core/Device.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace timbrescope::eval {

struct TrackPrediction {
    ClassVector track{};               // mean over segments (and models)
    Probabilities segments;            // per 1-s segment (mean over models)
    std::vector<std::uint8_t> silent;  // per segment: silence (still scored, as in evaluation)
    double segmentSeconds = 1.0, hopSeconds = 1.0;
    std::vector<std::string> warnings;  // the track's (audio::Track::warnings)
};

class Ensemble {
public:
    // `path`: a run folder (its finished folds) or a model file (.pt). Throws Error naming it.
    static Ensemble load(const std::string& path, c10::Device device = c10::Device(c10::kCPU));

    // Throws AudioError for a bad audio file.
    TrackPrediction predict(const std::string& audioPath, int batch = 64) const;
    // The same for a decoded signal (at preprocessing().sampleRate) and its audio::segmentRms, cut
    // and scored `batch` segments at a time: memory stays at the signal plus one batch. Between
    // batches `keepGoing` (when given) may say stop: then the result is empty; `onBatch` (when
    // given) sees the segments scored so far after each batch but the last (its track: their mean).
    std::optional<TrackPrediction> predictSignal(const std::vector<float>& mono, const std::vector<float>& segmentRms,
                                                 int batch = 64, const std::function<bool()>& keepGoing = {},
                                                 const std::function<void(const TrackPrediction&)>& onBatch = {}) const;
    // Probabilities of ready-made segments (row pointers, each segmentLength() floats).
    Probabilities predictSegments(const std::vector<const float*>& rows, int batch = 64) const;

    const std::string& architecture() const { return architecture_; }
    const audio::PreprocessOptions& preprocessing() const { return preprocessing_; }
    std::size_t size() const { return models_.size(); }
    const std::vector<std::shared_ptr<models::ModelBase>>& models() const { return models_; }
    // Mean of the folds' calibrated thresholds (0.5 each for a single model file).
    const ClassVector& calibratedThresholds() const { return thresholds_; }
    // One line per model file in an older format (models::olderFormatNote): it loaded, it could
    // be converted.
    const std::vector<std::string>& notes() const { return notes_; }

private:
    std::vector<std::shared_ptr<models::ModelBase>> models_;
    audio::PreprocessOptions preprocessing_;
    std::string architecture_;
    ClassVector thresholds_ = uniformThresholds();
    std::vector<std::string> notes_;
    c10::Device device_ = c10::Device(c10::kCPU);
};

} // namespace timbrescope::eval
