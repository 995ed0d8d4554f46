"""Exports a `timbrescope-cli export` folder's ensemble to ONNX and checks the file:
segments [batch, 1, 22050] -> probabilities [batch, 11] (the folds' mean sigmoid), with the
classes, thresholds and preprocessing in the model's metadata. Run by scripts/export-onnx."""

import json
import os
import sys
import warnings

import onnx
import torch

sys.path.insert(0, sys.argv[1])
import timbrescope_models as t  # noqa: E402  (the export's own copy)


def main(folder, out):
    with open(os.path.join(folder, "export.json")) as f:
        manifest = json.load(f)
    ensemble = t.load_ensemble(folder)
    reference, _ = t.read_safetensors(os.path.join(folder, "reference.safetensors"))
    example = reference["input"][:1]  # one segment traced; the batch axis stays free
    # torch.onnx's notes on its own constant handling say nothing about this model.
    warnings.filterwarnings("ignore", message="The shape inference of prim::Constant")
    warnings.filterwarnings("ignore", message="Constant folding")
    # Given for every GRU; ours take an initial state sized from the input, so any batch runs.
    warnings.filterwarnings("ignore", message="Exporting a model to ONNX with a batch_size other than 1")
    torch.onnx.export(ensemble, example, out, input_names=["segments"], output_names=["probabilities"],
                      dynamic_axes={"segments": {0: "batch"}, "probabilities": {0: "batch"}}, opset_version=14)
    model = onnx.load(out)
    for key, value in (("architecture", manifest["architecture"]),
                       ("classes", ",".join(c["code"] for c in manifest["classes"])),
                       ("thresholds", json.dumps(manifest["thresholds"])),
                       ("preprocessing", json.dumps(manifest["preprocessing"]))):
        model.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, out)
    print(f"{out}: {manifest['architecture']}, {len(ensemble.folds)} model(s), "
          f"{os.path.getsize(out) / 1e6:.1f} MB; onnx.checker: ok")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: export_onnx.py EXPORT_DIR OUT.onnx")
    main(sys.argv[1], sys.argv[2])
