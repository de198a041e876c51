#!/usr/bin/env python3
"""Builds a small ONNX tagger with the signature of the WD14 taggers, and images to feed it.

The model has WD14's interface: one input, NHWC float32 [batch, size, size, 3] holding BGR values
0..255, and one output [batch, N] of sigmoid scores, where output i is row i of selected_tags.csv
(header tag_id,name,category,count; category 9 rating, 0 general, 4 character). Its scores are a
fixed function of the image's mean colour, so tests know which tags an image must get:

    score = sigmoid(W . (mean_b, mean_g, mean_r) / 255 + bias)

See TAGS below for each row's weights. `--compute-channels C` adds a branch of two strided
convolutions whose result is multiplied by zero weights before it is added to the logits: the
scores stay exactly the same, but the model costs about as much time as a real one would, for
benchmarks.

Usage:
    make_test_tagger.py --out DIR [--size 448] [--compute-channels 0] [--images DIR]
    make_test_tagger.py --bench-images DIR --count 200 [--source-size 1024]

Nothing is downloaded: the model is written with the onnx package's helpers.
"""

import argparse
import csv
import math
import os
import random

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from PIL import Image


def logit(probability):
    return math.log(probability / (1 - probability))


# (name, category, (weight of mean blue, green, red), bias). Scores of the images written by
# write_images are in the comments of that function.
TAGS = [
    ("general", 9, (0.0, 4.0, 0.0), 0.1),
    ("sensitive", 9, (4.0, 0.0, 0.0), 0.0),
    ("questionable", 9, (0.0, 0.0, 4.0), 0.0),
    ("explicit", 9, (3.0, -6.0, 3.0), -1.0),
    ("red_theme", 0, (-6.0, -6.0, 12.0), -4.0),
    ("green_theme", 0, (-6.0, 12.0, -6.0), -4.0),
    ("blue_theme", 0, (12.0, -6.0, -6.0), -4.0),
    ("white_background", 0, (8.0, 8.0, 8.0), -20.0),
    ("dark", 0, (-8.0, -8.0, -8.0), 4.0),
    ("simple_background", 0, (0.0, 0.0, 0.0), 0.0),  # always 0.5
    ("solo", 0, (0.0, 0.0, 0.0), logit(0.4)),  # always 0.4
    ("lowres", 0, (0.0, 0.0, 0.0), logit(0.2)),  # always 0.2
    ("^_^", 0, (0.0, 0.0, 0.0), logit(0.36)),  # always 0.36: a kaomoji, kept as it is
    ("hatsune_miku", 4, (8.0, 8.0, -12.0), -10.0),  # cyan images
    ("kasane_teto", 4, (-6.0, -6.0, 12.0), logit(0.7) - 12.0),  # 0.7 on pure red
]


def build_model(size, compute_channels):
    """The ONNX graph: ReduceMean over the pixels, a 3 x N linear layer, a sigmoid."""
    count = len(TAGS)
    weights = np.array([tag[2] for tag in TAGS], dtype=np.float32).T / 255.0  # [3, N], BGR rows
    bias = np.array([tag[3] for tag in TAGS], dtype=np.float32)
    initializers = [
        numpy_helper.from_array(weights, "colour_weights"),
        numpy_helper.from_array(bias, "colour_bias"),
        numpy_helper.from_array(np.array([1, 2], dtype=np.int64), "pixel_axes"),
    ]
    nodes = [
        helper.make_node("ReduceMean", ["input", "pixel_axes"], ["mean_bgr"], keepdims=0),
        helper.make_node("MatMul", ["mean_bgr", "colour_weights"], ["colour_logits"]),
        helper.make_node("Add", ["colour_logits", "colour_bias"], ["logits"]),
    ]
    if compute_channels > 0:
        rng = np.random.default_rng(7)
        first = rng.standard_normal((compute_channels, 3, 3, 3)).astype(np.float32) * 0.01
        second = rng.standard_normal((compute_channels, compute_channels, 3, 3)).astype(np.float32) * 0.05
        initializers += [
            numpy_helper.from_array(first, "conv1_weights"),
            numpy_helper.from_array(second, "conv2_weights"),
            numpy_helper.from_array(np.zeros((compute_channels, count), dtype=np.float32), "zero_projection"),
        ]
        nodes += [
            helper.make_node("Transpose", ["input"], ["nchw"], perm=[0, 3, 1, 2]),
            helper.make_node("Conv", ["nchw", "conv1_weights"], ["conv1"], strides=[2, 2], pads=[1, 1, 1, 1]),
            helper.make_node("Relu", ["conv1"], ["relu1"]),
            helper.make_node("Conv", ["relu1", "conv2_weights"], ["conv2"], strides=[2, 2], pads=[1, 1, 1, 1]),
            helper.make_node("Relu", ["conv2"], ["relu2"]),
            helper.make_node("GlobalAveragePool", ["relu2"], ["pooled"]),
            helper.make_node("Flatten", ["pooled"], ["features"]),
            helper.make_node("MatMul", ["features", "zero_projection"], ["zero_logits"]),
            helper.make_node("Add", ["logits", "zero_logits"], ["all_logits"]),
            helper.make_node("Sigmoid", ["all_logits"], ["output"]),
        ]
    else:
        nodes.append(helper.make_node("Sigmoid", ["logits"], ["output"]))
    graph = helper.make_graph(
        nodes,
        "risa_test_tagger",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", size, size, 3])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", count])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="risa")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def write_model(folder, size, compute_channels):
    os.makedirs(folder, exist_ok=True)
    onnx.save(build_model(size, compute_channels), os.path.join(folder, "model.onnx"))
    with open(os.path.join(folder, "selected_tags.csv"), "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["tag_id", "name", "category", "count"])
        for index, (name, category, _, _) in enumerate(TAGS):
            writer.writerow([100000 + index, name, category, 1000 - index])


def write_images(folder):
    """Test images of known colours (scores under the default thresholds 0.35 / 0.85)."""
    os.makedirs(folder, exist_ok=True)
    solid = {
        "red": (255, 0, 0),  # red_theme, simple_background, solo, ^_^; rating questionable; teto 0.7
        "green": (0, 255, 0),  # green_theme; rating general
        "blue": (0, 0, 255),  # blue_theme; rating sensitive
        "white": (255, 255, 255),  # white_background; rating general
        "black": (0, 0, 0),  # dark; rating general
        "cyan": (0, 255, 255),  # hatsune_miku (character); rating general
        "magenta": (255, 0, 255),  # rating explicit
    }
    for name, colour in solid.items():
        Image.new("RGB", (32, 32), colour).save(os.path.join(folder, name + ".png"))
    # Fully transparent red: composited on white it is white, never red.
    Image.new("RGBA", (32, 32), (255, 0, 0, 0)).save(os.path.join(folder, "transparent_red.png"))
    # A red strip 10 wide and 30 high: padded to a white square, a third of it is red.
    Image.new("RGB", (10, 30), (255, 0, 0)).save(os.path.join(folder, "tall_red.png"))
    # A palette image and a greyscale one, to cover the mode conversions.
    Image.new("RGB", (16, 16), (255, 0, 0)).convert("P").save(os.path.join(folder, "palette_red.png"))
    Image.new("L", (16, 16), 255).save(os.path.join(folder, "grey_white.png"))
    Image.new("RGB", (48, 48), (0, 0, 255)).save(os.path.join(folder, "blue.jpg"), quality=95)


def write_bench_images(folder, count, source_size):
    """JPEG photos-like noise images of `source_size` pixels a side, as a benchmark's input."""
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(11)
    for index in range(count):
        width = source_size
        height = int(source_size * rng.choice([0.75, 1.0, 1.33]))
        base = np.array([rng.randrange(256) for _ in range(3)], dtype=np.int16)
        noise = np.random.default_rng(index).integers(-40, 40, size=(height // 8, width // 8, 3))
        pixels = np.clip(base + noise, 0, 255).astype(np.uint8)
        image = Image.fromarray(pixels, "RGB").resize((width, height), Image.BILINEAR)
        image.save(os.path.join(folder, f"bench_{index:04d}.jpg"), quality=90)


def main():
    parser = argparse.ArgumentParser(description="Build a small WD14-shaped ONNX tagger and test images.")
    parser.add_argument("--out", help="folder for model.onnx and selected_tags.csv")
    parser.add_argument("--size", type=int, default=448, help="input side in pixels (WD14: 448)")
    parser.add_argument("--compute-channels", type=int, default=0, help="add a costly branch (benchmarks)")
    parser.add_argument("--images", help="folder for the test images")
    parser.add_argument("--bench-images", help="folder for benchmark JPEGs")
    parser.add_argument("--count", type=int, default=200, help="number of benchmark JPEGs")
    parser.add_argument("--source-size", type=int, default=1024, help="width of benchmark JPEGs")
    arguments = parser.parse_args()
    if not (arguments.out or arguments.images or arguments.bench_images):
        parser.error("nothing to do: give --out, --images or --bench-images")
    if arguments.out:
        write_model(arguments.out, arguments.size, arguments.compute_channels)
    if arguments.images:
        write_images(arguments.images)
    if arguments.bench_images:
        write_bench_images(arguments.bench_images, arguments.count, arguments.source_size)


if __name__ == "__main__":
    main()
