"""Decode + mono + resample to 22 050 Hz with soundfile and resampy (kaiser_best), the path a
researcher would use in Python, on the same kind of file `timbrescope-cli bench` decodes: a
30-s stereo 44.1 kHz WAV with a sine sweep and noise. Prints one JSON object."""

import argparse
import json
import os
import tempfile
import time

import numpy as np
import resampy
import soundfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    a = parser.parse_args()
    rate, length = 44100, 30
    t = np.arange(rate * length) / rate
    sweep = 0.4 * np.sin(2 * np.pi * (50.0 * t + 150.0 * t * t))
    noise = np.random.default_rng(1).normal(0.0, 0.05, (len(t), 2))
    stereo = np.stack([sweep, 0.5 * sweep], axis=1) + noise
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "sweep.wav")
        soundfile.write(path, stereo, rate, subtype="PCM_16")

        def load():
            data, sr = soundfile.read(path, dtype="float32", always_2d=True)
            return resampy.resample(data.mean(axis=1), sr, 22050, filter="kaiser_best")

        load()  # warm-up (resampy compiles its kernel)
        calls, start = 0, time.perf_counter()
        while True:
            load()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= a.seconds:
                break
    print(json.dumps({"decode_realtime_factor": calls * length / elapsed}))


if __name__ == "__main__":
    main()
