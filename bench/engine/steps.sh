#!/usr/bin/env bash
# Per-step overhead: a pipeline of N independent trivial steps (default 10,000).
#
#   bench/engine/steps.sh                (from the repository root)
#
# Each step is an in-process `text.write` step with its own text (distinct cache keys), so the cold
# run starts no process: it measures the engine (planning, scheduling, cache keys, the store,
# publishing, run records). The no-op re-run (every step cached) measures the cached path alone.
# Knobs: BENCH_STEPS (10000), RISA_BIN.
set -euo pipefail
export LC_ALL=C.UTF-8
unset RISA_DIR RISA_OUT # state and outputs stay in bench/work/steps
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
N=${BENCH_STEPS:-10000}
RISA=${RISA_BIN:-$("$ROOT/bench/engine/risa-bin.sh")}
# A new project folder for each invocation; earlier ones are deleted after measuring. On an ext4
# without a journal (this machine's disk) creating inodes in the minutes after mass deletions is
# several times slower (each new inode first skips the recently freed ones), so deleting the last
# run's 20,000 files just before the cold run would measure the file system, not Risa.
WORK=$ROOT/bench/work/steps-$(date +%s)-$$
mkdir -p "$WORK"
git -C "$WORK" init -q
awk -v n="$N" 'BEGIN {
    print "name: steps"; print "steps:"
    for (i = 1; i <= n; i++) printf "  s%05d:\n    uses: text.write\n    with: {text: \"step %d\"}\n", i, i
}' >"$WORK/steps.yaml"

measure() { # measure LABEL: one `risa run`, prints wall seconds, cpu seconds and max RSS
    local start end
    start=$EPOCHREALTIME
    (cd "$WORK" && /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "$RISA" run steps.yaml) >"$WORK/$1.log" 2>&1 \
        || { tail -20 "$WORK/$1.log" >&2; exit 1; }
    end=$EPOCHREALTIME
    awk -v l="$1" -v a="$start" -v b="$end" '{ printf "%-22s %8.3f s wall %7.2f s cpu %7.1f MB max RSS\n", l, b - a, $1 + $2, $3 / 1024 }' "$WORK/time.txt"
}

echo "$N independent text.write steps; $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure "cold"
for i in 1 2 3; do measure "no-op re-run $i"; done
for old in "$ROOT"/bench/work/steps-*; do
    [ "$old" = "$WORK" ] || rm -rf "$old"
done
