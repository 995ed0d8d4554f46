"""The paper's models written the way a researcher would in PyTorch, for benchmarking against the
engine: the very definitions `timbrescope-cli export` ships (scripts/python/timbrescope_models.py,
the same layers, shapes and parameter names as engine/models, checked equal to it by
CliExportTest)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import timbrescope_models  # noqa: E402

MODELS = {name: (lambda name=name: timbrescope_models.build(name)) for name in ("fcn", "rfcn", "crnn3", "bigru2")}
