#!/usr/bin/env bash
# The README's main job: installs what is missing, builds Risa, makes the demo inputs when absent
# (synthetic videos and pictures with `risa sample-media media`, the small test tagger with
# scripts/make-test-tagger.sh models/test-tagger; nothing is downloaded), and runs
# pipelines/dataset.yaml on its embedded defaults: frames, clean-up, tags, captions, a kohya dataset
# and its zip. Extra arguments go to `risa run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
risa=$(scripts/build-release.sh)
if [ ! -d media ]; then
  rm -rf media.partial
  "$risa" sample-media media.partial >/dev/null
  mv media.partial media
fi
[ -f models/test-tagger/model.onnx ] || scripts/make-test-tagger.sh models/test-tagger >/dev/null
"$risa" run pipelines/dataset.yaml "$@"
echo "dataset: $PWD/out/dataset/dataset/dataset (train from inside it: see README, Tags and datasets)"
echo "zip:     $PWD/out/dataset/zip/dataset.zip"
