#!/usr/bin/env python3
"""Risa's WD14 tagger worker: a persistent process that tags images with a WD14-family ONNX model.

It speaks the JSON-lines protocol of workers/PROTOCOL.md on stdin/stdout: one handshake line, then
one response line per request line, matched by id, in any order. Requests that arrive together are
run through the model as one batch (up to --batch-size, waiting at most --linger-ms for more);
images are read and preprocessed on a thread pool as soon as their request arrives, overlapping
with the model's work on the batch before.

Usage:
    wd14_tagger.py --model-dir DIR            (DIR holds model.onnx and selected_tags.csv)
    wd14_tagger.py --model FILE --tags FILE   [--batch-size 8] [--threads N] [--linger-ms 3]
                   [--general-threshold 0.35] [--character-threshold 0.85] [--max-tags N]

Preprocessing (as the WD14 reference code does): alpha composited on white, padded to a square
with white, centred, resized to the model's input side with bicubic filtering, RGB turned into
BGR, float32 values 0..255, NHWC. The input side is read from the model's input shape.
"""

import argparse
import csv
import hashlib
import os

import numpy as np
import onnxruntime
from PIL import Image

from risa_worker import Channel, RequestError, serve

CATEGORY_NAMES = {9: "rating", 0: "general", 4: "character"}


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Tagger:
    """The model, its tag table and the WD14 pre- and post-processing."""

    def __init__(self, model_path, tags_path, intra_op_threads):
        self.names, self.categories = self._read_tags(tags_path)
        options = onnxruntime.SessionOptions()
        if intra_op_threads:
            options.intra_op_num_threads = intra_op_threads
        # With one intra-op thread every image's sums run in one order whatever the batch holds and
        # however many cores there are: the same image gets the same scores on every run.
        options.use_deterministic_compute = True
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
        model_input = self.session.get_inputs()[0]
        shape = model_input.shape
        if len(shape) != 4 or shape[3] != 3 or not isinstance(shape[1], int) or shape[1] != shape[2]:
            raise SystemExit(
                f"wd14_tagger: {model_path}: input {model_input.name} has shape {shape}; a WD14 tagger takes "
                "NHWC float32 [batch, side, side, 3] with a fixed side"
            )
        self.size = shape[1]
        self.input_name = model_input.name
        model_output = self.session.get_outputs()[0]
        self.output_name = model_output.name
        outputs = model_output.shape
        if len(outputs) != 2 or (isinstance(outputs[1], int) and outputs[1] != len(self.names)):
            raise SystemExit(
                f"wd14_tagger: {model_path}: output shape {outputs} does not match the "
                f"{len(self.names)} rows of {tags_path}"
            )
        categories = np.array(self.categories)
        self.rating_rows = np.flatnonzero(categories == 9)
        self.general_rows = np.flatnonzero(categories == 0)
        self.character_rows = np.flatnonzero(categories == 4)
        files = {"model.onnx": sha256_of(model_path), "selected_tags.csv": sha256_of(tags_path)}
        listing = "".join(f"{files[name]}  {name}\n" for name in sorted(files))
        self.files = {name: "sha256:" + value for name, value in files.items()}
        self.digest = "sha256:" + hashlib.sha256(listing.encode("utf-8")).hexdigest()

    @staticmethod
    def _read_tags(path):
        names, categories = [], []
        with open(path, newline="", encoding="utf-8") as file:
            reader = csv.DictReader(file)
            missing = {"name", "category"} - set(reader.fieldnames or [])
            if missing:
                raise SystemExit(f"wd14_tagger: {path}: no column {', '.join(sorted(missing))} in the header")
            for row in reader:
                names.append(row["name"])
                categories.append(int(row["category"]))
        return names, categories

    def preprocess(self, path):
        """The model input of one image: [size, size, 3] float32 BGR 0..255."""
        try:
            with Image.open(path) as image:
                image.load()
                if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                    rgba = image.convert("RGBA")
                    canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                    canvas.alpha_composite(rgba)
                    rgb = canvas.convert("RGB")
                else:
                    rgb = image.convert("RGB")
        except FileNotFoundError:
            raise RequestError("image_not_found", f"cannot read image {path}: no such file")
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            raise RequestError("image_unreadable", f"cannot read image {path}: {error}")
        width, height = rgb.size
        side = max(width, height)
        if width != height:
            square = Image.new("RGB", (side, side), (255, 255, 255))
            square.paste(rgb, ((side - width) // 2, (side - height) // 2))
            rgb = square
        if side != self.size:
            rgb = rgb.resize((self.size, self.size), Image.BICUBIC)
        return np.asarray(rgb, dtype=np.float32)[:, :, ::-1]

    def run(self, batch):
        return self.session.run([self.output_name], {self.input_name: batch})[0]

    def postprocess(self, scores, options):
        """The rating (argmax of the rating rows) and the tags over their thresholds, best first."""
        result = {}
        if len(self.rating_rows):
            best = self.rating_rows[int(np.argmax(scores[self.rating_rows]))]
            result["rating"] = self._tag(best, scores)
            result["ratings"] = {self.names[row]: float(scores[row]) for row in self.rating_rows}
        chosen = np.concatenate([
            self.general_rows[scores[self.general_rows] >= options["general_threshold"]],
            self.character_rows[scores[self.character_rows] >= options["character_threshold"]],
        ])
        # Best score first; equal scores keep the CSV's order (a stable sort over ascending rows).
        chosen = np.sort(chosen)
        chosen = chosen[np.argsort(-scores[chosen], kind="stable")]
        if options["max_tags"] is not None:
            chosen = chosen[: options["max_tags"]]
        result["tags"] = [self._tag(row, scores) for row in chosen]
        return result

    def _tag(self, row, scores):
        category = CATEGORY_NAMES.get(self.categories[row], str(self.categories[row]))
        return {"name": self.names[row], "category": category, "score": float(scores[row])}


def request_options(request, defaults):
    """The request's options over the worker's defaults, checked."""
    given = request.get("options") or {}
    if not isinstance(given, dict):
        raise RequestError("bad_request", "options must be an object")
    options = dict(defaults)
    for key in ("general_threshold", "character_threshold"):
        if given.get(key) is not None:
            value = given[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise RequestError("bad_request", f"{key} must be a number from 0 to 1, not {value!r}")
            options[key] = float(value)
    if given.get("max_tags") is not None:
        value = given["max_tags"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RequestError("bad_request", f"max_tags must be a whole number >= 0, not {value!r}")
        options["max_tags"] = value
    return options




class Handler:
    """The tagger as the serving loop of risa_worker.py sees it."""

    def __init__(self, tagger, name, defaults, batch_size):
        self.tagger = tagger
        self.defaults = defaults
        self.batch_size = batch_size
        rows = {label: int(np.sum(np.array(tagger.categories) == code)) for code, label in CATEGORY_NAMES.items()}
        self.hello = {
            "worker": "wd14_tagger",
            "model": {
                "name": name,
                "digest": tagger.digest,
                "files": tagger.files,
                "input_size": tagger.size,
                "tags": len(tagger.names),
                "categories": rows,
            },
            "defaults": defaults,
            # tagger.run checks this against the version its cache keys assume (workers/requirements.txt).
            "runtime": {"onnxruntime": onnxruntime.__version__},
        }

    def options(self, request):
        return request_options(request, self.defaults)

    def preprocess(self, path):
        return self.tagger.preprocess(path)

    def run(self, items):
        # Every batch goes through the model at the full batch size (padded with black images): the
        # kernels then see one shape, so an image's scores do not depend on what it was batched with.
        batch = np.stack(items)
        if len(items) < self.batch_size:
            padding = np.zeros((self.batch_size - len(items),) + batch.shape[1:], dtype=batch.dtype)
            batch = np.concatenate([batch, padding])
        return self.tagger.run(batch)[: len(items)]

    def postprocess(self, output, options):
        return self.tagger.postprocess(output, options)


def main():
    parser = argparse.ArgumentParser(description="WD14 ONNX tagger worker (JSON lines on stdin/stdout).")
    parser.add_argument("--model-dir", help="folder holding model.onnx and selected_tags.csv")
    parser.add_argument("--model", help="the ONNX model (instead of --model-dir)")
    parser.add_argument("--tags", help="the tag table (instead of --model-dir)")
    parser.add_argument("--name", help="the model's name in the handshake (default: the folder's name)")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1), help="preprocessing threads")
    parser.add_argument("--model-threads", type=int, default=1,
                        help="onnxruntime intra-op threads: 1 (default) gives the same scores on every run and machine; "
                        "0 uses all cores (faster, scores may differ in the last digits between runs)")
    parser.add_argument("--linger-ms", type=float, default=3.0, help="how long to wait for a batch to fill")
    parser.add_argument("--general-threshold", type=float, default=0.35)
    parser.add_argument("--character-threshold", type=float, default=0.85)
    parser.add_argument("--max-tags", type=int, default=None)
    arguments = parser.parse_args()
    if arguments.model_dir:
        model = os.path.join(arguments.model_dir, "model.onnx")
        tags = os.path.join(arguments.model_dir, "selected_tags.csv")
    elif arguments.model and arguments.tags:
        model, tags = arguments.model, arguments.tags
    else:
        parser.error("give --model-dir, or both --model and --tags")
    if arguments.batch_size < 1:
        parser.error("--batch-size must be at least 1")
    for path in (model, tags):
        if not os.path.isfile(path):
            raise SystemExit(f"wd14_tagger: {path}: no such file")
    channel = Channel()
    tagger = Tagger(model, tags, arguments.model_threads)
    name = arguments.name or os.path.basename(os.path.dirname(os.path.abspath(model)))
    defaults = {
        "general_threshold": arguments.general_threshold,
        "character_threshold": arguments.character_threshold,
        "max_tags": arguments.max_tags,
    }
    serve(
        Handler(tagger, name, defaults, arguments.batch_size), channel, batch_size=arguments.batch_size, threads=arguments.threads,
        linger_seconds=arguments.linger_ms / 1000, name="wd14_tagger",
    )


if __name__ == "__main__":
    main()
