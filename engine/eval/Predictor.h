#pragma once
// Running trained models on segments: logits in batches (eval mode, no gradients), and the
// paper's track-level prediction (§4.2): the mean of a track's segment probabilities.

#include "engine/eval/Metrics.h"
#include "engine/models/ModelBase.h"

#include <c10/core/Device.h>

#include <vector>

namespace timbrescope::eval {

// Logits of the segments at `rows` (each `length` floats), `batch` at a time on `device`.
Probabilities segmentLogits(models::ModelBase& model, const std::vector<const float*>& rows, int length,
                            c10::Device device, int batch = 64);

ClassVector sigmoid(const ClassVector& logits);
// Binary cross-entropy of one segment's logits against its labels, averaged over the classes
// (the numerically stable form, as torch's binary_cross_entropy_with_logits).
double bceWithLogits(const ClassVector& logits, data::LabelSet labels);

// Mean of `values` (probabilities of one track's segments, one model or many).
ClassVector mean(const std::vector<ClassVector>& values);

} // namespace timbrescope::eval
