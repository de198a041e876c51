#!/usr/bin/env python3
"""Tagger throughput: drives wd14_tagger.py through its protocol alone and prints images/s.

Builds the test tagger at 448 pixels (make_test_tagger.py) and benchmark JPEGs in a temporary
folder, starts the worker, writes every request at once (as many concurrent Risa callers would),
reads the answers, and prints the worker's stats: images per second and the share of wall time
spent outside the model (reading and preparing images, batching, JSON). Run it with the workers'
Python:

    ~/.local/share/risa/venv/bin/python workers/bench_tagger.py [--count 200] [--compute-channels 0 32]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def bench(python, model, images, batch_size, threads):
    worker = subprocess.Popen(
        [python, os.path.join(HERE, "wd14_tagger.py"), "--model-dir", model, "--batch-size", str(batch_size),
         "--threads", str(threads)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    hello = json.loads(worker.stdout.readline())
    assert hello["type"] == "hello", hello

    def write():
        for index, path in enumerate(images):
            worker.stdin.write((json.dumps({"id": index, "op": "tag", "image": path}) + "\n").encode())
        worker.stdin.write(b'{"id": "stats", "op": "stats"}\n')
        worker.stdin.flush()

    started = time.perf_counter()
    threading.Thread(target=write, daemon=True).start()
    answered, errors = 0, 0
    while True:
        response = json.loads(worker.stdout.readline())
        if response["id"] == "stats":
            stats = response["stats"]
            break
        answered += 1
        errors += 0 if response["ok"] else 1
    elapsed = time.perf_counter() - started
    worker.stdin.close()
    worker.wait()
    return answered, errors, elapsed, stats


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--source-size", type=int, default=1024)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--compute-channels", type=int, nargs="+", default=[0, 32])
    arguments = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="risa-tagger-bench-") as root:
        images_dir = os.path.join(root, "images")
        subprocess.run(
            [python, os.path.join(HERE, "make_test_tagger.py"), "--bench-images", images_dir,
             "--count", str(arguments.count), "--source-size", str(arguments.source_size)], check=True)
        images = sorted(os.path.join(images_dir, name) for name in os.listdir(images_dir))
        for channels in arguments.compute_channels:
            model = os.path.join(root, f"model-{channels}")
            subprocess.run(
                [python, os.path.join(HERE, "make_test_tagger.py"), "--out", model, "--size", "448",
                 "--compute-channels", str(channels)], check=True)
            answered, errors, elapsed, stats = bench(python, model, images, arguments.batch_size, arguments.threads)
            print(
                f"model 448px, compute channels {channels}: {answered} images ({errors} errors) in {elapsed:.2f} s "
                f"= {answered / elapsed:.1f} images/s; mean batch {stats['mean_batch']}; model "
                f"{stats['model_seconds']:.2f} s of {stats['wall_seconds']:.2f} s wall, outside the model "
                f"{stats['outside_model_share'] * 100:.0f}%; preprocessing {stats['preprocess_seconds']:.2f} s "
                f"over {arguments.threads} threads, model thread waiting for it "
                f"{stats['waiting_for_preprocessing_seconds']:.2f} s"
            )


if __name__ == "__main__":
    main()
