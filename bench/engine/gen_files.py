"""Writes the engine benchmark's input files: deterministic, incompressible bytes.

    gen_files.py DIR COUNT SIZE SEED                   writes DIR/f_00000.bin ... (COUNT files)
    gen_files.py DIR COUNT SIZE SEED --index I --variant V
                                                       rewrites file I only (variant 0 = original)

File I of variant V holds random.Random("SEED/I/V").randbytes(SIZE), so any run of the benchmark
sees the same bytes, and a "changed" file keeps its size but not its content.
"""

import argparse
import os
import random


def name(index: int) -> str:
    return f"f_{index:05d}.bin"


def content(seed: str, index: int, variant: int, size: int) -> bytes:
    return random.Random(f"{seed}/{index}/{variant}").randbytes(size)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("count", type=int)
    parser.add_argument("size", type=int)
    parser.add_argument("seed")
    parser.add_argument("--index", type=int)
    parser.add_argument("--variant", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    indices = [args.index] if args.index is not None else range(args.count)
    for index in indices:
        with open(os.path.join(args.folder, name(index)), "wb") as file:
            file.write(content(args.seed, index, args.variant, args.size))


if __name__ == "__main__":
    main()
