#!/usr/bin/env bash
# Engine benchmark: Risa against DVC on the same work, 10,000 files of 20 KB copied by one stage.
#
#   bench/engine/run.sh                  (from the repository root; a few minutes)
#
# Measures, side by side, a cold run, a no-op re-run and a re-run after one input file changed, for
# Risa's `shell` step and for `dvc repro`, plus the peak RSS of every Risa run, and prints a table
# of seconds and risa/dvc ratios. When the per-item step type `files.map` exists in this build, the
# same three runs are measured for it too. Results are discussed in bench/engine/RESULTS.md.
#
# Knobs (environment): BENCH_FILES (10000), BENCH_FILE_SIZE (20480), BENCH_REPEATS (3),
# DVC_SPEC (the pip requirement, default dvc==3.67.1), RISA_BIN (use this binary, do not build),
# BENCH_FOREACH=1 (also measure today's per-item cache: `shell` with `foreach:` over the files).
# Everything it creates lives under bench/work/ (gitignored): the venv, the two projects, the logs.
set -euo pipefail
export LC_ALL=C.UTF-8
unset RISA_DIR RISA_OUT # Risa's state and outputs stay in its project folder

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
HERE=$ROOT/bench/engine
WORK=$ROOT/bench/work/engine
VENV=$ROOT/bench/work/venv
FILES=${BENCH_FILES:-10000}
SIZE=${BENCH_FILE_SIZE:-20480}
REPEATS=${BENCH_REPEATS:-3}
SEED=risa-bench-1
DVC_SPEC=${DVC_SPEC:-dvc==3.67.1}
# Input files get this modification time (2024-01-01): a data set is old by the time it is processed,
# and neither tool's stat cache should be defeated by files written a moment before the first run.
OLD_MTIME=@1704067200

mkdir -p "$WORK/logs"
log() { printf '%s\n' "$*" >&2; }

# --- Tools --------------------------------------------------------------------------------------

if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (for peak RSS)"
    apt-get install -y time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y time >/dev/null; }
fi

RISA=${RISA_BIN:-$("$HERE/risa-bin.sh")}

if [ ! -x "$VENV/bin/dvc" ]; then
    log "installing $DVC_SPEC into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "$DVC_SPEC" >"$WORK/logs/pip.log" 2>&1 || { tail -20 "$WORK/logs/pip.log" >&2; exit 1; }
fi
DVC=$VENV/bin/dvc
export DVC_NO_ANALYTICS=1
RISA_VERSION=$("$RISA" --version | head -1)
DVC_VERSION=$("$DVC" --version)

# --- Work: the same files for both tools --------------------------------------------------------

RISA_PROJECT=$WORK/risa
DVC_PROJECT=$WORK/dvc
MARKER=$WORK/data.ok
STAMP="$FILES $SIZE $SEED"

count_files() { find "$1" -type f 2>/dev/null | wc -l; }
if [ "$(cat "$MARKER" 2>/dev/null)" != "$STAMP" ] || [ "$(count_files "$RISA_PROJECT/data")" != "$FILES" ] \
    || [ "$(count_files "$DVC_PROJECT/data")" != "$FILES" ]; then
    log "generating $FILES files of $SIZE bytes"
    rm -rf "$RISA_PROJECT" "$DVC_PROJECT" "$MARKER"
    mkdir -p "$RISA_PROJECT" "$DVC_PROJECT"
    "$VENV/bin/python" "$HERE/gen_files.py" "$RISA_PROJECT/data" "$FILES" "$SIZE" "$SEED"
    find "$RISA_PROJECT/data" -type f -exec touch -d "$OLD_MTIME" {} +
    cp -a "$RISA_PROJECT/data" "$DVC_PROJECT/data"
    echo "$STAMP" >"$MARKER"
fi

# The Risa project: a git work tree (so the project root is this folder), two pipelines.
[ -d "$RISA_PROJECT/.git" ] || git -C "$RISA_PROJECT" init -q
cat >"$RISA_PROJECT/copy.yaml" <<'EOF'
name: copy
steps:
  copy:
    uses: shell
    with:
      inputs: {data: data/}
      run: |
        mkdir -p "$OUT/copied"
        cp -r "$IN_data/." "$OUT/copied/"
      outputs: {copied: copied/}
EOF
# Per-item variant: each file is its own cached action.
cat >"$RISA_PROJECT/map.yaml" <<'EOF'
name: map
steps:
  copy:
    uses: files.map
    with:
      files: data/
      run: cp "$IN" "$OUT"
EOF

# The DVC project: one stage copying the folder; its hash state kept inside the project so that a
# cold run can start without it.
if [ ! -d "$DVC_PROJECT/.dvc" ]; then
    git -C "$DVC_PROJECT" init -q
    (cd "$DVC_PROJECT" && "$DVC" init -q && "$DVC" config core.analytics false \
        && "$DVC" config core.site_cache_dir "$DVC_PROJECT/.dvc-site-cache")
fi
cat >"$DVC_PROJECT/dvc.yaml" <<'EOF'
stages:
  copy:
    cmd: mkdir -p out && cp -r data/. out/
    deps: [data]
    outs: [out]
EOF

reset_risa() { rm -rf "$RISA_PROJECT/.risa" "$RISA_PROJECT/out"; }
reset_dvc() { rm -rf "$DVC_PROJECT/.dvc/cache" "$DVC_PROJECT/.dvc/tmp" "$DVC_PROJECT/.dvc-site-cache" "$DVC_PROJECT/out" "$DVC_PROJECT/dvc.lock"; }

# --- Measuring ----------------------------------------------------------------------------------

RAW=$WORK/raw.txt
: >"$RAW"
SECONDS_=0
RSS_KB=0
# timed LABEL DIR COMMAND...: runs COMMAND in DIR under /usr/bin/time -v; sets SECONDS_ (wall clock,
# measured here) and RSS_KB (maximum resident set size), appends them to raw.txt.
timed() {
    local label=$1 dir=$2
    shift 2
    local out=$WORK/logs/$label.log start end
    start=$EPOCHREALTIME
    if ! (cd "$dir" && /usr/bin/time -v -o "$out.time" "$@") >"$out" 2>&1; then
        log "FAILED: $label ($*); log: $out"
        tail -20 "$out" >&2
        exit 1
    fi
    end=$EPOCHREALTIME
    SECONDS_=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out.time")
    printf '%s %s %s\n' "$label" "$SECONDS_" "$RSS_KB" >>"$RAW"
    log "  $label: ${SECONDS_} s, max RSS ${RSS_KB} KB"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
max_of() { printf '%s\n' "$@" | sort -g | tail -1; }

# The files changed in the "one file changed" runs; restored (with their old time) at the end.
# changed_index N (1 <= N <= 3 * REPEATS): spread over the folder, always inside it.
changed_index() { echo $(((FILES / (3 * REPEATS + 1)) * $1 + 7)); }
change_file() { # change_file INDEX VARIANT: same size, new bytes, in both projects
    local dir
    for dir in "$RISA_PROJECT/data" "$DVC_PROJECT/data"; do
        "$VENV/bin/python" "$HERE/gen_files.py" "$dir" "$FILES" "$SIZE" "$SEED" --index "$1" --variant "$2"
    done
}
restore_files() {
    local i index
    for i in $(seq 1 $((3 * REPEATS))); do
        index=$(changed_index "$i")
        change_file "$index" 0
        printf -v name 'f_%05d.bin' "$index"
        touch -d "$OLD_MTIME" "$RISA_PROJECT/data/$name" "$DVC_PROJECT/data/$name"
    done
    echo "$STAMP" >"$MARKER"
}

declare -A RESULT
RISA_RSS=()
# scenario NAME PIPELINE FIRST_CHANGE COLD_REPEATS: cold (median of COLD_REPEATS, state reset
# before each), no-op (median of REPEATS), one file changed (median of REPEATS, a different file
# each time, numbered from FIRST_CHANGE).
scenario() {
    local name=$1 pipeline=$2 first=$3 cold_repeats=$4 i
    local -a rc=() dc=() rn=() dn=() rx=() dx=()
    log "$name: cold runs"
    for i in $(seq 1 "$cold_repeats"); do
        reset_risa
        timed "$name-risa-cold-$i" "$RISA_PROJECT" "$RISA" run "$pipeline"
        rc+=("$SECONDS_"); RISA_RSS+=("$RSS_KB")
        if [ "$name" = shell ]; then
            reset_dvc
            timed "dvc-cold-$i" "$DVC_PROJECT" "$DVC" repro
            dc+=("$SECONDS_")
        fi
    done
    log "$name: no-op re-runs"
    for i in $(seq 1 "$REPEATS"); do
        timed "$name-risa-noop-$i" "$RISA_PROJECT" "$RISA" run "$pipeline"
        rn+=("$SECONDS_"); RISA_RSS+=("$RSS_KB")
        if [ "$name" = shell ]; then
            timed "dvc-noop-$i" "$DVC_PROJECT" "$DVC" repro
            dn+=("$SECONDS_")
        fi
    done
    log "$name: one file changed"
    rm -f "$MARKER"
    for i in $(seq 1 "$REPEATS"); do
        change_file "$(changed_index $((first + i - 1)))" "$((first + i - 1))"
        timed "$name-risa-changed-$i" "$RISA_PROJECT" "$RISA" run "$pipeline"
        rx+=("$SECONDS_"); RISA_RSS+=("$RSS_KB")
        if [ "$name" = shell ]; then
            timed "dvc-changed-$i" "$DVC_PROJECT" "$DVC" repro
            dx+=("$SECONDS_")
        fi
    done
    RESULT[$name-cold]=$(median "${rc[@]}")
    RESULT[$name-noop]=$(median "${rn[@]}")
    RESULT[$name-changed]=$(median "${rx[@]}")
    RESULT[$name-rss]=$(max_of "${RISA_RSS[@]}")
    if [ "$name" = shell ]; then
        RESULT[dvc-cold]=$(median "${dc[@]}")
        RESULT[dvc-noop]=$(median "${dn[@]}")
        RESULT[dvc-changed]=$(median "${dx[@]}")
    fi
}

log "risa: $RISA_VERSION ($RISA)"
log "dvc:  $DVC_VERSION"
scenario shell copy.yaml 1 "$REPEATS"

# ===== Per-item variant: `files.map` ============================================================
# PLACEHOLDER until the per-item step type lands: `files.map` takes `files` (a folder or a files
# output) and `run` (a command run once per item, `$IN` = the item's file, `$OUT` = where to write the
# item's output file). It is measured only when this build's registry knows it; the pipeline is
# map.yaml above. Its "one file changed" run should re-process only the changed item.
HAVE_MAP=no
if "$RISA" steps show files.map >/dev/null 2>&1; then
    HAVE_MAP=yes
    RISA_RSS=()
    scenario map map.yaml $((REPEATS + 1)) "$REPEATS"
else
    log "files.map: not in this build (risa steps show files.map failed); per-item variant skipped"
fi
# ================================================================================================

# Optional (BENCH_FOREACH=1, adds about two minutes): the per-item cache the engine has today, a
# `shell` step with `foreach:` over the 10,000 paths, one action per file. One cold run only (it
# starts 10,000 shells). It shows what a per-item step costs before `files.map` exists.
HAVE_FOREACH=no
if [ "${BENCH_FOREACH:-0}" = 1 ]; then
    HAVE_FOREACH=yes
    {
        printf 'name: foreach\nsteps:\n  copy:\n    uses: shell\n    foreach:\n'
        for ((i = 0; i < FILES; i++)); do printf '      - data/f_%05d.bin\n' "$i"; done
        printf '    with:\n      inputs: {f: "${{ item }}"}\n'
        printf '      run: cp "$IN_f" "$OUT/item.bin"\n      outputs: {copied: item.bin}\n'
    } >"$RISA_PROJECT/foreach.yaml"
    RISA_RSS=()
    scenario foreach foreach.yaml $((2 * REPEATS + 1)) 1
fi

restore_files

# --- Report -------------------------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { awk -v r="$1" -v g="$2" 'BEGIN { print (r <= g) ? "met" : "MISSED" }'; }
row() { # row LABEL RISA DVC GOAL
    local r
    r=$(ratio "$2" "$3")
    if [ -n "$4" ]; then
        printf '%-26s %9.3f %9.3f %9s %8s  %s\n' "$1" "$2" "$3" "$r" "<= $4" "$(verdict "$r" "$4")"
    else
        printf '%-26s %9.3f %9.3f %9s %8s\n' "$1" "$2" "$3" "$r" "-"
    fi
}

echo
echo "Risa vs DVC: $FILES files of $SIZE bytes, one copy stage; median of $REPEATS"
echo "$(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$RISA_VERSION | dvc $DVC_VERSION"
printf '%-26s %9s %9s %9s %8s\n' "run" "risa (s)" "dvc (s)" "risa/dvc" "goal"
row "cold (shell)" "${RESULT[shell-cold]}" "${RESULT[dvc-cold]}" 0.5
row "no-op (shell)" "${RESULT[shell-noop]}" "${RESULT[dvc-noop]}" 0.1
row "one changed (shell)" "${RESULT[shell-changed]}" "${RESULT[dvc-changed]}" ""
if [ "$HAVE_MAP" = yes ]; then
    row "cold (files.map)" "${RESULT[map-cold]}" "${RESULT[dvc-cold]}" 0.5
    row "no-op (files.map)" "${RESULT[map-noop]}" "${RESULT[dvc-noop]}" 0.1
    row "one changed (files.map)" "${RESULT[map-changed]}" "${RESULT[dvc-changed]}" 0.05
else
    echo "files.map: not in this build; the per-item goal (one changed <= 0.05x DVC) is not measured"
fi
if [ "$HAVE_FOREACH" = yes ]; then
    row "cold (foreach, 1 run)" "${RESULT[foreach-cold]}" "${RESULT[dvc-cold]}" ""
    row "no-op (foreach)" "${RESULT[foreach-noop]}" "${RESULT[dvc-noop]}" ""
    row "one changed (foreach)" "${RESULT[foreach-changed]}" "${RESULT[dvc-changed]}" 0.05
fi
rss_mb=$(awk -v k="${RESULT[shell-rss]}" 'BEGIN { printf "%.1f", k / 1024 }')
echo "peak RSS of the Risa shell runs: $rss_mb MB (goal < 150 MB: $(awk -v m="$rss_mb" 'BEGIN { print (m < 150) ? "met" : "MISSED" }'))"
if [ "$HAVE_FOREACH" = yes ]; then
    echo "peak RSS of the Risa foreach runs: $(awk -v k="${RESULT[foreach-rss]}" 'BEGIN { printf "%.1f", k / 1024 }') MB"
fi
if [ "$HAVE_MAP" = yes ]; then
    echo "peak RSS of the Risa files.map runs: $(awk -v k="${RESULT[map-rss]}" 'BEGIN { printf "%.1f", k / 1024 }') MB"
fi
echo "raw (label seconds maxRSS_KB): $RAW"
