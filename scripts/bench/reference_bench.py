"""Training and inference throughput of the paper's models in PyTorch (the peer Timbrescope is
measured against): same architecture, batch, threads and random 1-s segments as
`timbrescope-cli bench`. Prints one JSON object."""

import argparse
import json
import resource
import time

import torch

from reference_models import MODELS


def rate(seconds, step):
    step()  # warm-up
    calls, start = 0, time.perf_counter()
    while True:
        step()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return calls / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", default="fcn", choices=sorted(MODELS))
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5.0)
    a = parser.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = MODELS[a.arch]()
    x = torch.randn(a.batch, 1, 22050)
    y = (torch.rand(a.batch, 11) < 0.2).float()
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)

    def train_step():
        optimizer.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(model(x), y).backward()
        optimizer.step()

    model.train()
    train = rate(a.seconds, train_step) * a.batch
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    model.eval()
    with torch.no_grad():
        infer = rate(a.seconds, lambda: model(x)) * a.batch
    print(json.dumps({"arch": a.arch, "threads": torch.get_num_threads(), "training_segments_per_s": train,
                      "inference_segments_per_s": infer, "peak_rss_mib": rss}))


if __name__ == "__main__":
    main()
