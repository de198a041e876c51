#!/usr/bin/env bash
# Measures the three performance goals of the perf issue with a release build:
#   1. 10,000 trivial text.write steps in chains of 10: cold run, then cached run.
#   2. 10,000 files of 20 KB copied by one shell step: cold run, no-op re-run, peak RSS.
#   3. The same files through a per-item files.map step: cold run, no-op re-run, re-run after
#      changing one input file.
# Usage: scripts/perf-goals.sh [WORK_FOLDER] [GOAL...]   (default folder /tmp/risa-perf, all goals)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
risa="${RISA_BIN:-$repo/.build/release/risa}"
work="${1:-/tmp/risa-perf}"
shift || true
goals=("$@")
((${#goals[@]})) || goals=(1 2 3)

timed() { # label, command...: prints wall seconds, CPU seconds (user + system) and peak RSS
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/.time" "$@" >/dev/null 2>"$work/.stderr" || { cat "$work/.stderr" >&2; return 1; }
  read -r seconds user system kb <"$work/.time"
  printf '%-44s %7.2f s wall %6.2f s CPU %6d MB\n' "$label" "$seconds" "$(echo "$user + $system" | bc)" "$((kb / 1024))"
}

make_files() { # folder
  mkdir -p "$1"
  python3 - "$1" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(10000):
    sub = os.path.join(root, "d%02d" % (i % 20))
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, "f%05d.bin" % i), "wb") as f:
        f.write((b"%05d" % i) * 4096)
PY
  # Old enough for the stat cache to trust (files changed within 2 s are re-read).
  find "$1" -type f -exec touch -d '1 minute ago' {} +
}

# Earlier runs are deleted first, then the script waits: on ext4 without a journal, inodes freed in
# the last 30 s slow down every file creation (recently_deleted), which would burden the cold runs.
if [ -d "$work" ] && [ -n "$(ls -A "$work")" ]; then
  rm -rf "${work:?}"/* && sleep 40
fi
for goal in "${goals[@]}"; do
  dir="$work/goal$goal"
  mkdir -p "$dir/.risa" && cd "$dir"
  case "$goal" in
  1)
    python3 - >p.yaml <<'PY'
print("name: p\nsteps:")
for i in range(10000):
    text = "step %d" % i if i % 10 == 0 else "after ${{ steps.s%d.outputs.file }}" % (i - 1)
    print("  s%d:\n    uses: text.write\n    with: {text: \"%s\"}" % (i, text))
PY
    timed "goal 1: 10,000 text.write, cold" "$risa" run p.yaml
    timed "goal 1: 10,000 text.write, cached" "$risa" run p.yaml
    ;;
  2)
    make_files data
    cat >p.yaml <<'EOF2'
name: p
steps:
  copy:
    uses: shell
    with:
      inputs: {data: data}
      run: mkdir -p "$OUT/copied" && cp -r "$IN_data/." "$OUT/copied/"
      outputs: {copied: copied/}
EOF2
    timed "goal 2: shell over 10,000 files, cold" "$risa" run p.yaml
    timed "goal 2: shell over 10,000 files, no-op" "$risa" run p.yaml
    ;;
  3)
    make_files data
    cat >p.yaml <<'EOF2'
name: p
steps:
  map:
    uses: files.map
    with:
      files: data
      run: cp "$IN" "$OUT"
EOF2
    timed "goal 3: files.map over 10,000 files, cold" "$risa" run p.yaml
    timed "goal 3: files.map, no-op" "$risa" run p.yaml
    printf 'changed' >>data/d07/f00007.bin
    touch -d '1 minute ago' data/d07/f00007.bin
    timed "goal 3: files.map, one input changed" "$risa" run p.yaml
    timed "goal 3: files.map, no-op again" "$risa" run p.yaml
    ;;
  esac
done
