"""Timbrescope's models in PyTorch: the paper's raw-waveform models (BiGRU, DCNN, FCN, RFCN,
CRNN2-5) and the CQT-spectrogram baseline, with the same layers and parameter names as the C++
engine (engine/models), so a Timbrescope model file loads into a torch.nn.Module that gives the
C++ model's outputs on the same segments.

    import timbrescope_models as t
    model = t.load("DIR/fold-1.safetensors")            # one fold, eval mode
    ensemble = t.load_ensemble("DIR")                     # every fold of an export, averaged
    probabilities = ensemble(t.segments(mono_22050_hz))   # [segments, 11], t.CLASSES order

`timbrescope-cli export --run RUN --out DIR` writes DIR (float32 weights, export.json with the
preprocessing and calibrated thresholds, reference.safetensors to check against); this module reads
bundled int8 model files too. Needs only torch: the safetensors files are parsed here.
"""

import json
import math
import os
import struct

import torch
from torch import nn
from torch.nn import functional as F

CLASSES = ["cel", "cla", "flu", "gac", "gel", "org", "pia", "sax", "tru", "vio", "voi"]
FILTERS = (16, 32, 64, 64, 32)
SIZES = (3, 3, 3, 5, 5)  # each cell's kernel and pool
SAMPLE_RATE = 22050
SEGMENT = 22050  # samples per 1-s segment

_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
           "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
           "BOOL": torch.bool}
_SCALE = ".int8_scale"


def read_safetensors(path):
    """(tensors by name, metadata) of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: not a safetensors file (shorter than its header length)")
    (length,) = struct.unpack("<Q", raw[:8])
    if length > len(raw) - 8:
        raise ValueError(f"{path}: not a safetensors file (header length {length} past the end)")
    header = json.loads(raw[8:8 + length])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + length:]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = _DTYPES[entry["dtype"]]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors, metadata


def _dequantised(tensors):
    """int8 weights times their per-row scale, as the C++ loader does; other tensors as they are."""
    state = {}
    for name, value in tensors.items():
        if name.endswith(_SCALE):
            continue
        scale = tensors.get(name + _SCALE)
        if scale is not None:
            value = (value.to(torch.float32).reshape(value.shape[0], -1) * scale.to(torch.float32).unsqueeze(1)).reshape(value.shape)
        state[name] = value
    return state


# --- the raw-waveform models -------------------------------------------------------------------

class CnnCell(nn.Module):
    """conv → conv → BatchNorm → LeakyReLU(0.3) → max-pool (kernel = pool)."""

    def __init__(self, cin, cout, k):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, k, padding=k // 2)
        self.conv2 = nn.Conv1d(cout, cout, k, padding=k // 2)
        self.norm = nn.BatchNorm1d(cout)
        self.pool = k

    def forward(self, x):
        return F.max_pool1d(F.leaky_relu(self.norm(self.conv2(self.conv1(x))), 0.3), self.pool)


def _skip(cin, cout, pool):
    return nn.Sequential(nn.Conv1d(cin, cout, 1), nn.BatchNorm1d(cout), nn.MaxPool1d(pool))


class CnnCells(nn.Module):
    """The five cells (cell1 … cell5), with the residual skips cell1→cell3 and cell2→cell4 when asked.
    forward returns every cell's output."""

    def __init__(self, residual):
        super().__init__()
        self.residual = residual
        cin = 1
        for c, (f, k) in enumerate(zip(FILTERS, SIZES)):
            setattr(self, f"cell{c + 1}", CnnCell(cin, f, k))
            cin = f
        if residual:
            self.skip13 = _skip(FILTERS[0], FILTERS[1], SIZES[1])
            self.skip24 = _skip(FILTERS[1], FILTERS[2], SIZES[2])

    def forward(self, x):
        outs = []
        for c in range(len(FILTERS)):
            if self.residual and c == 2:
                x = x + self.skip13(outs[0])
            elif self.residual and c == 3:
                x = x + self.skip24(outs[1])
            x = getattr(self, f"cell{c + 1}")(x)
            outs.append(x)
        return outs


class Fcn(nn.Module):
    """fcn / rfcn: the cells, a 1×1 convolution to 11 class maps, global average pooling."""

    def __init__(self, residual=False):
        super().__init__()
        self.cells = CnnCells(residual)
        self.class_maps = nn.Conv1d(FILTERS[-1], 11, 1)

    def forward(self, x):
        return self.class_maps(self.cells(x)[-1]).mean(2)


class Dcnn(nn.Module):
    """dcnn: the cells, then dense 1024 (LeakyReLU 0.3) and 11; needs 22050-sample segments."""

    def __init__(self):
        super().__init__()
        self.cells = CnnCells(False)
        length = SEGMENT
        for k in SIZES:
            length //= k
        self.hidden = nn.Linear(FILTERS[-1] * length, 1024)
        self.dropout = nn.Dropout(0.5)
        self.output = nn.Linear(1024, 11)

    def forward(self, x):
        return self.output(self.dropout(F.leaky_relu(self.hidden(self.cells(x)[-1].flatten(1)), 0.3)))


class BiGruStack(nn.Module):
    """Bidirectional GRU layers gru1, gru2, …; returns the last layer's sequence and its final
    state (forward direction's last step, backward direction's first)."""

    def __init__(self, cin, units):
        super().__init__()
        self.units = tuple(units)
        for l, u in enumerate(units):
            setattr(self, f"gru{l + 1}", nn.GRU(cin, u, batch_first=True, bidirectional=True))
            cin = 2 * u
        self.features = cin

    def forward(self, x):
        for l, u in enumerate(self.units):
            # A zero initial state, as GRU's default, but sized from the input: an ONNX export
            # then takes any batch size.
            x, hidden = getattr(self, f"gru{l + 1}")(x, x.new_zeros(2, x.shape[0], u))
        return x, torch.cat([hidden[0], hidden[1]], 1)


class BiGru(nn.Module):
    """bigru1x128 / bigru1x256 / bigru2: GRUs on max-pooled (3) raw audio, dense 11 on the final state."""

    def __init__(self, units):
        super().__init__()
        self.gru = BiGruStack(1, units)
        self.dropout = nn.Dropout(0.5)
        self.output = nn.Linear(self.gru.features, 11)

    def forward(self, x):
        _, final = self.gru(F.max_pool1d(x, 3).transpose(1, 2))
        return self.output(self.dropout(final))


class Crnn(nn.Module):
    """crnn2-5: RFCN plus a BiGRU fed from cell `branch`; the two branches' pooled maps averaged."""

    def __init__(self, branch, units=(128, 64)):
        super().__init__()
        self.branch = branch
        self.cells = CnnCells(True)
        self.cnn_maps = nn.Conv1d(FILTERS[-1], 11, 1)
        self.gru = BiGruStack(FILTERS[branch - 1], units)
        self.gru_maps = nn.Conv1d(self.gru.features, 11, 1)

    def forward(self, x):
        outs = self.cells(x)
        sequence, _ = self.gru(outs[self.branch - 1].transpose(1, 2))
        return 0.5 * (self.cnn_maps(outs[-1]).mean(2) + self.gru_maps(sequence.transpose(1, 2)).mean(2))


# --- the CQT baseline --------------------------------------------------------------------------

class ConstantQ(nn.Module):
    """The CQT baseline's input (engine/dsp/ConstantQ): 96 bins, 12 per octave from C1, hop 256,
    Hann windows, centred frames, magnitude in dB (amin 1e-5, 80 dB below each segment's peak).
    The filter bank is rebuilt here, as in C++ (it is not stored in model files)."""

    def __init__(self, bins=96, per_octave=12, fmin=32.703195662574829, hop=256, amin=1e-5, top_db=80.0):
        super().__init__()
        self.hop, self.amin, self.top_db = hop, amin, top_db
        q = 1.0 / (2.0 ** (1.0 / per_octave) - 1.0)
        frequency = [fmin * 2.0 ** (b / per_octave) for b in range(bins)]
        window = [int(math.ceil(q * SAMPLE_RATE / f)) for f in frequency]
        self.longest = window[0]
        self.octaves = (bins + per_octave - 1) // per_octave
        for o in range(self.octaves):
            first = o * per_octave
            count = min(per_octave, bins - first)
            length = window[first]
            kernel = torch.zeros(2 * count, 1, length, dtype=torch.float64)
            for b in range(count):
                n, f = window[first + b], frequency[first + b]
                i = torch.arange(n, dtype=torch.float64)
                hann = 0.5 - 0.5 * torch.cos(2.0 * math.pi * i / n)
                w = hann / hann.sum()
                phase = 2.0 * math.pi * f * (i - n // 2) / SAMPLE_RATE
                offset = length // 2 - n // 2
                kernel[b, 0, offset:offset + n] = w * torch.cos(phase)
                kernel[count + b, 0, offset:offset + n] = -w * torch.sin(phase)
            self.register_buffer(f"octave{o}", kernel.to(torch.float32), persistent=False)

    def forward(self, x):
        frames = 1 + x.shape[-1] // self.hop
        pad = self.longest // 2 + 1
        padded = F.pad(x, (pad, pad + self.longest))
        parts = []
        for o in range(self.octaves):
            kernel = getattr(self, f"octave{o}")
            length, bins = kernel.shape[2], kernel.shape[0] // 2
            start = pad - length // 2
            out = F.conv1d(padded[:, :, start:start + (frames - 1) * self.hop + length], kernel, stride=self.hop)
            real, imag = out[:, :bins], out[:, bins:]
            parts.append(torch.sqrt(real * real + imag * imag))
        db = 20.0 * torch.log10(torch.clamp_min(torch.cat(parts, 1), self.amin))
        peak = db.flatten(1).max(1).values.view(-1, 1, 1)
        return torch.maximum(db, peak - self.top_db).unsqueeze(1)


def _block(cin, cout, pool):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout),
                         nn.LeakyReLU(0.3), nn.MaxPool2d(pool), nn.Dropout(0.2))


class CqtCnn(nn.Module):
    """cqt-cnn / cqt-cnn-reduced: four conv blocks on the CQT image, dense (LeakyReLU, BatchNorm), 11."""

    POOLS = (2, 2, 3, 3)

    def __init__(self, filters, dense):
        super().__init__()
        self.cqt = ConstantQ()
        cin, height, width = 1, 96, 1 + SEGMENT // 256
        for b, (f, p) in enumerate(zip(filters, self.POOLS)):
            setattr(self, f"block{b + 1}", _block(cin, f, p))
            cin, height, width = f, height // p, width // p
        self.dense = nn.Linear(cin * height * width, dense)
        self.dense_norm = nn.BatchNorm1d(dense)
        self.dropout = nn.Dropout(0.5)
        self.output = nn.Linear(dense, 11)

    def forward(self, x):
        x = self.cqt(x)
        for b in range(len(self.POOLS)):
            x = getattr(self, f"block{b + 1}")(x)
        return self.output(self.dropout(self.dense_norm(F.leaky_relu(self.dense(x.flatten(1)), 0.3))))


# --- building and loading ----------------------------------------------------------------------

def _units(options, fallback="128,64"):
    return tuple(int(u) for u in options.get("gru", fallback).split(","))


ARCHITECTURES = {
    "bigru1x128": lambda o: BiGru((128,)),
    "bigru1x256": lambda o: BiGru((256,)),
    "bigru2": lambda o: BiGru((128, 64)),
    "dcnn": lambda o: Dcnn(),
    "fcn": lambda o: Fcn(False),
    "rfcn": lambda o: Fcn(True),
    "crnn2": lambda o: Crnn(2, _units(o)),
    "crnn3": lambda o: Crnn(3, _units(o)),
    "crnn4": lambda o: Crnn(4, _units(o)),
    "crnn5": lambda o: Crnn(5, _units(o)),
    "cqt-cnn": lambda o: CqtCnn((64, 128, 256, 640), 1024),
    "cqt-cnn-reduced": lambda o: CqtCnn((16, 32, 64, 160), 1224),
}


def build(architecture, options=None):
    """An untrained model of a Timbrescope architecture (`timbrescope-cli models` lists them)."""
    if architecture not in ARCHITECTURES:
        raise ValueError(f"unknown architecture '{architecture}' (choose one of: {', '.join(ARCHITECTURES)})")
    return ARCHITECTURES[architecture](options or {})


def _options(text):
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def load(path):
    """The model in a Timbrescope model file (float32 or int8), in eval mode; it returns logits
    [batch, 11] for segments [batch, 1, 22050] (torch.sigmoid gives probabilities)."""
    tensors, metadata = read_safetensors(path)
    if metadata.get("format") != "timbrescope-model":
        raise ValueError(f"{path}: not a Timbrescope model file (its metadata names no timbrescope-model format)")
    options = _options(metadata.get("options", ""))
    model = build(metadata["architecture"], options)
    state = _dequantised(tensors)
    model.load_state_dict({k: v.to(model.state_dict()[k].dtype) if k in model.state_dict() else v for k, v in state.items()})
    model.architecture, model.options = metadata["architecture"], options
    return model.eval()


class Ensemble(nn.Module):
    """Fold models whose sigmoid probabilities are averaged, as timbrescope-cli predict does."""

    def __init__(self, models, thresholds=None):
        super().__init__()
        self.folds = nn.ModuleList(models)
        self.thresholds = thresholds or [0.5] * len(CLASSES)

    def forward(self, x):
        return torch.stack([torch.sigmoid(m(x)) for m in self.folds]).mean(0)


def load_ensemble(folder):
    """Every model of a folder written by `timbrescope-cli export`, with its calibrated thresholds."""
    with open(os.path.join(folder, "export.json")) as f:
        manifest = json.load(f)
    models = [load(os.path.join(folder, m["file"])) for m in manifest["models"]]
    return Ensemble(models, manifest.get("thresholds")).eval()


def segments(mono, silence_rms=1e-4):
    """Model input from a mono float signal at 22 050 Hz (resample first), cut as
    timbrescope-cli predict cuts it: consecutive whole 1-s segments (a signal shorter than one is
    zero-padded to one; a shorter tail is left out), each RMS-normalised to 1; a silent one (RMS
    below `silence_rms`, -80 dBFS) stays zeros. Returns [segments, 1, 22050]."""
    x = torch.as_tensor(mono, dtype=torch.float32).flatten()
    if x.numel() == 0:
        raise ValueError("an empty signal has no segments")
    count = max(1, x.numel() // SEGMENT)
    x = F.pad(x, (0, max(0, SEGMENT - x.numel())))[:count * SEGMENT].reshape(count, 1, SEGMENT)
    rms = x.double().pow(2).mean(2, keepdim=True).sqrt().float()
    scale = (1.0 / rms.double().clamp_min(silence_rms)).float()
    return torch.where(rms < silence_rms, torch.zeros_like(x), x * scale)


def check(folder, tolerance=1e-4):
    """Runs every model of an export on its reference segments and compares with the logits the
    C++ engine computed; returns {file: largest absolute difference}. Raises AssertionError naming
    the first model off by more than `tolerance`."""
    with open(os.path.join(folder, "export.json")) as f:
        manifest = json.load(f)
    reference, _ = read_safetensors(os.path.join(folder, manifest["reference"]["file"]))
    differences = {}
    with torch.no_grad():
        for entry in manifest["models"]:
            logits = load(os.path.join(folder, entry["file"]))(reference["input"])
            differences[entry["file"]] = (logits - reference[entry["reference_logits"]]).abs().max().item()
            if not differences[entry["file"]] <= tolerance:
                raise AssertionError(f"{entry['file']}: PyTorch's logits differ from Timbrescope's by {differences[entry['file']]:.3g} "
                                     f"(more than {tolerance:g})")
        probabilities = load_ensemble(folder)(reference["input"])
        differences["ensemble probabilities"] = (probabilities - reference["probabilities"]).abs().max().item()
        if not differences["ensemble probabilities"] <= tolerance:
            raise AssertionError(f"the ensemble's probabilities differ from Timbrescope's by {differences['ensemble probabilities']:.3g}")
    return differences


if __name__ == "__main__":
    # python3 DIR/timbrescope_models.py [DIR]: checks the export this file sits in (or DIR).
    import sys
    here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    try:
        for name, difference in check(here).items():
            print(f"{name}: largest difference from Timbrescope {difference:.2g}")
    except (AssertionError, OSError, ValueError, KeyError) as e:
        print(f"check failed: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"{here}: PyTorch gives Timbrescope's outputs (within 1e-4)")
