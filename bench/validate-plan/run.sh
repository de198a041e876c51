#!/usr/bin/env bash
# Times `risa validate` and `risa plan` against `snakemake -n` on the same 10,000-job chain-and-fan
# workflow, side by side, and prints one table: median wall and mean CPU seconds of each, and
# risa as a share of Snakemake.
#
#   bash bench/validate-plan/run.sh          # from the repository root
#
# Needs Swift, python3 (with venv) and PyPI for Snakemake; hyperfine comes from Debian's packages and
# is installed when missing and the script runs as root. Everything it makes goes under bench/work/
# (ignored by git): the venv is kept between runs, the generated workflow is written anew each time.
#
# Knobs (environment): RISA_RUNS (default 20), SNAKEMAKE_RUNS (default 5), CHAINS (1000),
# LENGTH (10), FANOUT (10), SNAKEMAKE_SPEC (the pip requirement, default snakemake==9.27.1).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/bench/validate-plan"
venv="$root/bench/work/venv"
work="$root/bench/work/validate-plan"
risa_runs=${RISA_RUNS:-20}
snakemake_runs=${SNAKEMAKE_RUNS:-5}
chains=${CHAINS:-1000}
length=${LENGTH:-10}
fanout=${FANOUT:-10}
snakemake_spec=${SNAKEMAKE_SPEC:-snakemake==9.27.1}

say() { printf '==> %s\n' "$*" >&2; }

say "building risa (release)"
risa=$("$root/scripts/build-release.sh" 2> >(tail -n 1 >&2))

if [ ! -x "$venv/bin/snakemake" ]; then
    say "installing $snakemake_spec into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "$snakemake_spec"
fi
snakemake="$venv/bin/snakemake"

if ! command -v hyperfine >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing hyperfine from Debian's packages"
        apt-get update -qq >&2 && apt-get install -y -qq hyperfine >&2
    else
        echo "hyperfine is missing: apt-get install hyperfine (as root), then run this again" >&2
        exit 1
    fi
fi

say "generating $((chains * length)) steps ($chains chains of $length, fan-out $fanout) in $work"
rm -rf "$work"
python3 "$here/generate.py" "$work" --chains "$chains" --length "$length" --fanout "$fanout"

# Both tools must accept the workflow before anything is timed.
"$risa" validate "$work/pipeline.yaml" >&2
"$snakemake" -n --quiet --cores 1 -s "$work/Snakefile" -d "$work" >/dev/null 2>&1 \
    || { echo "snakemake rejects the generated Snakefile" >&2; exit 1; }

say "timing risa ($risa_runs runs each)"
hyperfine -N --style basic --warmup 3 --runs "$risa_runs" --export-json "$work/risa.json" \
    -n "risa validate" "$risa validate $work/pipeline.yaml" \
    -n "risa plan" "$risa plan $work/pipeline.yaml" >&2

say "timing snakemake ($snakemake_runs runs each)"
hyperfine -N --style basic --warmup 1 --runs "$snakemake_runs" --export-json "$work/snakemake.json" \
    -n "snakemake -n" "$snakemake -n --cores 1 -s $work/Snakefile -d $work" \
    -n "snakemake -n --quiet" "$snakemake -n --quiet --cores 1 -s $work/Snakefile -d $work" >&2

revision=$(git -C "$root" rev-parse --short HEAD)
git -C "$root" diff --quiet HEAD -- Sources || revision="$revision+changes"
python3 - "$work/risa.json" "$work/snakemake.json" <<EOF
import json, sys

# Wall time is what a user waits; CPU time (user + system) is what the command costs, and moves
# far less when other work shares the machine.
wall, cpu = {}, {}
for path in sys.argv[1:]:
    for result in json.load(open(path))["results"]:
        wall[result["command"]] = result["median"]
        cpu[result["command"]] = result["user"] + result["system"]
for times in (wall, cpu):
    times["risa validate + risa plan"] = times["risa validate"] + times["risa plan"]

print()
print("$((chains * length)) steps, risa $revision, snakemake $("$snakemake" --version), $(nproc) cores, $(date -u +%Y-%m-%d)")
print(f"{'':<28}{'wall (median)':>36}{'CPU (mean user+sys)':>36}")
print(f"{'tool':<28}" + f"{'s':>10}{'vs -n':>12}{'vs -n --quiet':>14}" * 2)
for name in ["risa validate", "risa plan", "risa validate + risa plan", "snakemake -n", "snakemake -n --quiet"]:
    row = f"{name:<28}"
    for times in (wall, cpu):
        value = times[name]
        row += f"{value:>10.3f}{value / times['snakemake -n']:>12.1%}{value / times['snakemake -n --quiet']:>14.1%}"
    print(row)
EOF
