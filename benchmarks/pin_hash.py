"""Cost of one PIN hash at the default scrypt parameters (services.pin; goal about 0.3-0.5 s: what a sign-in can
afford, and what makes an offline guess of every 4-digit PIN take about an hour per core).

Usage: python benchmarks/pin_hash.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from backtrainer.services import pin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    stored = pin.hash_pin("4821")
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        pin.verify_pin("4821", stored)
        times.append(time.perf_counter() - start)
    n, r, p = pin.DEFAULT_COST
    median = statistics.median(times)
    print(f"PIN hash, scrypt N=2^{n.bit_length() - 1} r={r} p={p}: median {median:.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}); all 10,000 4-digit PINs: {median * 10_000 / 60:.0f} min")


if __name__ == "__main__":
    main()
