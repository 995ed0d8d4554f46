#pragma once
// A trained model taken to Python: each fold's weights as plain float32 safetensors, the PyTorch
// definitions of every architecture (scripts/python/timbrescope_models.py, built into the
// binary), export.json (architecture, classes, preprocessing, calibrated thresholds) and
// reference.safetensors (model input segments and each fold's float32 logits on them), so the
// Python side can be checked against this engine.

#include <string>
#include <vector>

namespace timbrescope::eval {

struct PythonExport {
    std::vector<std::string> modelFiles;  // written, in DIR
    std::size_t referenceSegments = 0;
    std::string referenceFrom;            // the track the reference segments were cut from, or "generated tones and noise"
};

// `runOrModel`: a run folder (its finished folds) or one model file. `referenceTrack`: an audio
// file whose first segments (at most 8) become the reference input; empty: a generated one.
// Creates `outDir` (an existing folder's files of these names are replaced). Throws Error naming
// the run, file or folder.
PythonExport exportForPython(const std::string& runOrModel, const std::string& outDir, const std::string& referenceTrack = {});

// The Python module's source, as it is written into an export.
const std::string& pythonModelsModule();

} // namespace timbrescope::eval
