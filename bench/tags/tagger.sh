#!/usr/bin/env bash
# Tagger throughput through the tagger.run step: COUNT (200) benchmark JPEGs of 1024 pixels, the
# test tagger at 448 pixels with a costly branch (--compute-channels 32, about as slow as a real
# model on this CPU), tagged by `risa run` (release build), then the worker alone through its
# protocol (workers/bench_tagger.py) on the same images for comparison. Prints images/s and the
# share of the worker's wall time spent outside the model (stats the worker logs when it stops).
#
# Usage: bench/tags/tagger.sh [WORK_FOLDER]   (default /tmp/risa-bench-tagger; COUNT=N)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
risa="${RISA_BIN:-$repo/.build/release/risa}"
python="${RISA_VENV:-$HOME/.local/share/risa/venv}/bin/python"
work="${1:-/tmp/risa-bench-tagger}"
count="${COUNT:-200}"
[ -x "$risa" ] || { echo "build Risa first: scripts/build-release.sh (or set RISA_BIN)" >&2; exit 1; }
[ -x "$python" ] || { echo "$python is missing: run scripts/setup.sh" >&2; exit 1; }
mkdir -p "$work" && cd "$work"
if [ "$(cat .count 2>/dev/null)" != "$count" ]; then
  rm -rf images model .risa out
  "$python" "$repo/workers/make_test_tagger.py" --out model --size 448 --compute-channels 32 \
    --bench-images images --count "$count" --source-size 1024
  echo "$count" >.count
fi
cat >p.yaml <<'YAML'
name: tagger-bench
steps:
  tag:
    uses: tagger.run
    with: {images: images/, model: model/, batch_size: 8}
YAML
start=$(date +%s.%N)
"$risa" run p.yaml --force tag >run.log 2>&1 || { cat run.log >&2; exit 1; }
end=$(date +%s.%N)
run="$("$risa" runs | head -1 | cut -d' ' -f1)"
stats="$("$risa" logs "$run" tag | grep -o 'stats {.*}' | tail -1 | cut -c7-)"
python3 - "$count" "$(echo "$end - $start" | bc)" "$stats" <<'PY'
import json, sys
count, wall, stats = int(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3])
print(f"tagger.run step: {count} images in {wall:.2f} s wall (whole risa run) = {count / wall:.1f} images/s")
print(f"  worker: {stats['images_per_second']:.1f} images/s over its own wall time, mean batch {stats['mean_batch']}, "
      f"outside the model {100 * stats['outside_model_share']:.1f}% "
      f"(model {stats['model_seconds']:.2f} s of {stats['wall_seconds']:.2f} s; "
      f"model thread waiting for preprocessing {stats['waiting_for_preprocessing_seconds']:.2f} s)")
PY
echo "worker alone (workers/bench_tagger.py, same kind of images):"
"$python" "$repo/workers/bench_tagger.py" --count "$count" --compute-channels 32 | sed 's/^/  /'
