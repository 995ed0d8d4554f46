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


def tone_gain_db(frequency, rate_in=44100, rate_out=22050, amplitude=0.5):
    """Output level of a 1-s tone in dB re the tone over the middle half second, as
    engine/audio/ResamplerQuality measures Timbrescope's converters."""
    t = np.arange(rate_in) / rate_in
    out = resampy.resample(amplitude * np.sin(2 * np.pi * frequency * t), rate_in, rate_out, filter="kaiser_best")
    middle = out[len(out) // 4: 3 * len(out) // 4]
    rms = max(np.sqrt(np.mean(middle.astype(np.float64) ** 2)), 1e-12)
    return 20 * np.log10(rms / (amplitude / np.sqrt(2)))


def quality(rate_in=44100, rate_out=22050):
    """Stepped sine sweep: passband ripple (100 Hz ... 90 % of the new Nyquist) and the worst
    alias (110 % of the new Nyquist ... 98 % of the old one)."""
    new_nyquist, old_nyquist = 0.5 * min(rate_in, rate_out), 0.5 * rate_in
    passband = [tone_gain_db(f, rate_in, rate_out) for f in np.arange(100.0, 0.9 * new_nyquist + 1e-9, 100.0)]
    alias = [tone_gain_db(f, rate_in, rate_out) for f in np.arange(1.1 * new_nyquist, 0.98 * old_nyquist, 250.0)]
    return max(passband) - min(passband), max(alias)


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
    ripple, alias = quality()
    print(json.dumps({"decode_realtime_factor": calls * length / elapsed, "passband_ripple_db": ripple, "worst_alias_db": alias}))


if __name__ == "__main__":
    main()
