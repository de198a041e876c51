#!/usr/bin/env python3
"""Writes the tags benchmark's input: COUNT tiny image files (their bytes do not matter to tags.map
and caption.write), a CSV tag table giving each image 30 tags (1 character, 1 rating, 28 general
with scores, drawn with a Zipf-like skew from a 3,000-tag vocabulary, booru style with underscores),
and a mapping set with 300 aliases, 60 implications, 20 removals, a 5-tag blacklist and limits.

Usage: gen.py FOLDER COUNT
"""
import csv
import os
import random
import sys

root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
general = [f"general_tag_{i:04d}" for i in range(3000)]
characters = [f"character_{i:03d}_(series)" for i in range(200)]
ratings = ["general", "sensitive", "questionable", "explicit"]
weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(general))]

os.makedirs(os.path.join(root, "items"), exist_ok=True)
with open(os.path.join(root, "tags.csv"), "w", newline="", encoding="utf-8") as file:
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(["image", "tag", "category", "score", "source"])
    for index in range(count):
        folder = os.path.join(root, "items", f"{index // 1000:03d}")
        os.makedirs(folder, exist_ok=True)
        name = f"{index // 1000:03d}/{index:06d}.png"
        with open(os.path.join(root, "items", name), "wb") as image:
            image.write(b"\x89PNG\r\n\x1a\n" + index.to_bytes(8, "big"))
        writer.writerow([name, rng.choice(characters), "character", "0.93", "wd14"])
        writer.writerow([name, rng.choice(ratings), "rating", "0.8", "wd14"])
        seen = set()
        while len(seen) < 28:
            seen.add(rng.choices(general, weights)[0])
        for tag in sorted(seen):
            writer.writerow([name, tag, "general", f"{rng.uniform(0.35, 1):.4f}", "wd14"])

with open(os.path.join(root, "mapping.yaml"), "w", encoding="utf-8") as file:
    file.write("underscores: true\n")
    file.write("rewrites:\n  - {pattern: '^(.+)_\\(series\\)$', replace: '$1'}\n")
    file.write("aliases:\n")
    for i in range(300):
        file.write(f"  general_tag_{1000 + i:04d}: general_tag_{i:04d}\n")
    file.write("implications:\n")
    for i in range(60):
        file.write(f"  general_tag_{i:04d}: [general_tag_{2000 + i:04d}]\n")
    file.write("remove: [" + ", ".join(f"general_tag_{2500 + i:04d}" for i in range(20)) + "]\n")
    file.write("blacklist: {" + ", ".join(f"general_tag_{2900 + i:04d}: rare" for i in range(5)) + "}\n")
    file.write("category_patterns: {'character_*': character}\n")
    file.write("max_tags: {general: 25}\n")
