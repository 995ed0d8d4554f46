#include "app/cli/ExportCommand.h"

#include "engine/core/Error.h"
#include "engine/eval/PythonExport.h"

#include <cstdio>

namespace timbrescope::cli {
namespace {

int run(Arguments& args) {
    const std::string from = args.takeValue("--run").value_or("");
    const std::string out = args.takeValue("--out").value_or("");
    const std::string track = args.takeValue("--track").value_or("");
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
    if (from.empty()) throw Error("--run", "which run? (a folder written by timbrescope-cli train, or a model file)");
    if (out.empty()) throw Error("--out", "which folder to write the export into");

    const eval::PythonExport e = eval::exportForPython(from, out, track);
    std::printf("Exported %zu model(s) of %s into %s:", e.modelFiles.size(), from.c_str(), out.c_str());
    for (const auto& f : e.modelFiles) std::printf(" %s", f.c_str());
    std::printf("\n  timbrescope_models.py (PyTorch definitions), export.json, reference.safetensors (%zu segments of %s)\n",
                e.referenceSegments, e.referenceFrom.c_str());
    std::printf("  python3 -c 'import sys; sys.path.insert(0, \"%s\"); import timbrescope_models as t; m = t.load_ensemble(\"%s\")'\n",
                out.c_str(), out.c_str());
    return 0;
}

} // namespace

Command exportCommand() {
    return {"export", "write a trained run's models for PyTorch (safetensors + Python definitions)",
            "usage: timbrescope-cli export --run RUN_OR_MODEL --out DIR [--track AUDIO]\n"
            "\n"
            "Writes into DIR each finished fold model of RUN as fold-K.safetensors (float32 weights;\n"
            "int8-packed ones dequantised), timbrescope_models.py (the architectures in PyTorch, with\n"
            "the engine's parameter names), export.json (architecture, classes, preprocessing,\n"
            "calibrated thresholds) and reference.safetensors: model input segments and each\n"
            "model's float32 logits on them, to check the Python side against. The segments are the\n"
            "first (at most 8) of AUDIO, cut as predict cuts them, or generated tones and noise.\n"
            "\n"
            "  import timbrescope_models as t\n"
            "  m = t.load(\"DIR/fold-1.safetensors\")       # torch.nn.Module, eval mode: logits\n"
            "  e = t.load_ensemble(\"DIR\")                   # the folds' mean probability\n"
            "  p = e(t.segments(mono_at_22050_hz))          # [segments, 11]\n"
            "\n"
            "scripts/export-onnx RUN OUT.onnx exports the ensemble to ONNX.\n",
            run};
}

} // namespace timbrescope::cli
