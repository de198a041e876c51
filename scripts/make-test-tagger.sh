#!/usr/bin/env bash
# Builds the small WD14-shaped test tagger (model.onnx + selected_tags.csv) into MODEL_DIR, and its
# test images (solid colours: red.png, cyan.png, ...) into IMAGES_DIR when given, with the workers'
# Python (scripts/setup.sh makes it). Nothing is downloaded.
#   scripts/make-test-tagger.sh MODEL_DIR [IMAGES_DIR] [--size 448]
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 MODEL_DIR [IMAGES_DIR] [--size N]" >&2
  exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${RISA_VENV:-$HOME/.local/share/risa/venv}/bin/python"
if [ ! -x "$python" ]; then
  echo "make-test-tagger: $python is missing: run scripts/setup.sh first" >&2
  exit 1
fi
model="$1"
shift
arguments=(--out "$model")
if [ $# -ge 1 ] && [ "${1#--}" = "$1" ]; then
  arguments+=(--images "$1")
  shift
fi
"$python" "$repo/workers/make_test_tagger.py" "${arguments[@]}" "$@"
echo "test tagger in $model${arguments[3]:+, images in ${arguments[3]}}"
