#!/usr/bin/env bash
# Hashing benchmark: how fast Risa hashes one large input file (SHA-256, one core), against
# sha256sum and `openssl dgst -sha256`.
#
#   bench/engine/hash.sh                 (from the repository root; about a minute)
#
# Writes a 2 GiB file of real (not sparse) random bytes once, under bench/work/hash/, then times a
# one-step Risa pipeline whose only input is that file, each time with a fresh state folder
# (RISA_DIR), so the stat cache is empty and the run must read and hash every byte. The same
# pipeline on a 1-byte input gives Risa's whole-run overhead (start-up, planning, the `true` child
# process, run records), which is subtracted to get the hashing rate; both figures are printed.
# The file is read from the page cache in every measurement (it is read once before timing).
#
# Knobs (environment): HASH_SIZE_MIB (2048), BENCH_REPEATS (3), RISA_BIN (use this binary).
set -euo pipefail
export LC_ALL=C.UTF-8

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
WORK=$ROOT/bench/work/hash
SIZE_MIB=${HASH_SIZE_MIB:-2048}
REPEATS=${BENCH_REPEATS:-3}
BYTES=$((SIZE_MIB * 1024 * 1024))
mkdir -p "$WORK"
log() { printf '%s\n' "$*" >&2; }

RISA=${RISA_BIN:-$("$ROOT/bench/engine/risa-bin.sh")}

BIG=$WORK/big.bin
if [ "$(stat -c %s "$BIG" 2>/dev/null || echo 0)" != "$BYTES" ]; then
    log "writing $SIZE_MIB MiB of random bytes to $BIG"
    rm -f "$BIG"
    head -c "$BYTES" /dev/urandom >"$BIG.tmp"
    mv "$BIG.tmp" "$BIG"
fi
allocated=$(($(stat -c '%b * %B' "$BIG")))
if [ "$allocated" -lt "$BYTES" ]; then
    log "error: $BIG is sparse ($allocated of $BYTES bytes allocated)"
    exit 1
fi
printf 'x' >"$WORK/tiny.bin"
[ -d "$WORK/.git" ] || git -C "$WORK" init -q
for name in big tiny; do
    cat >"$WORK/$name.yaml" <<EOF
name: hash-$name
steps:
  hash:
    uses: shell
    with:
      inputs: {file: $name.bin}
      run: "true"
EOF
done

cat "$BIG" >/dev/null # into the page cache

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rate() { awk -v b="$BYTES" -v s="$1" 'BEGIN { printf "%.2f", b / 1e9 / s }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

# measure COMMAND...: runs it under /usr/bin/time; sets WALL (elapsed seconds, measured here) and
# CPU (user + system seconds of it and its children). On a machine shared with other work the wall
# clock includes waiting for a core; the CPU time does not, so both are reported.
measure() {
    local start end
    start=$EPOCHREALTIME
    /usr/bin/time -f '%U %S' -o "$WORK/time.txt" "$@" >"$WORK/last-run.log" 2>&1 || { cat "$WORK/last-run.log" >&2; exit 1; }
    end=$EPOCHREALTIME
    WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    CPU=$(awk 'END { printf "%.2f", $1 + $2 }' "$WORK/time.txt")
}

declare -a bw bc tw tc sw sc ow oc
for i in $(seq 1 "$REPEATS"); do
    state=$(mktemp -d "$WORK/state.XXXXXX")
    cd "$WORK"
    RISA_DIR=$state/risa RISA_OUT=$state/out measure "$RISA" run big.yaml
    bw+=("$WALL") bc+=("$CPU")
    rm -rf "$state"
    state=$(mktemp -d "$WORK/state.XXXXXX")
    RISA_DIR=$state/risa RISA_OUT=$state/out measure "$RISA" run tiny.yaml
    tw+=("$WALL") tc+=("$CPU")
    rm -rf "$state"
    cd "$ROOT"
    measure sha256sum "$BIG"
    sw+=("$WALL") sc+=("$CPU")
    line="  run $i: risa ${bw[-1]} s (cpu ${bc[-1]}; 1-byte input ${tw[-1]} s, cpu ${tc[-1]}), sha256sum ${sw[-1]} s (cpu ${sc[-1]})"
    if command -v openssl >/dev/null; then
        measure openssl dgst -sha256 "$BIG"
        ow+=("$WALL") oc+=("$CPU")
        line+=", openssl ${ow[-1]} s (cpu ${oc[-1]})"
    fi
    log "$line"
done

row() { # row LABEL WALL CPU
    if [ "$2" = - ]; then
        printf '%-40s %8s %8s %8s %8s\n' "$1" - - "$3" -
    else
        printf '%-40s %8.3f %8s %8.2f %8s\n' "$1" "$2" "$(rate "$2")" "$3" "$(rate "$3")"
    fi
}
risa_wall=$(median "${bw[@]}") risa_cpu=$(median "${bc[@]}")
over_wall=$(median "${tw[@]}") over_cpu=$(median "${tc[@]}")
hash_wall=$(minus "$risa_wall" "$over_wall") hash_cpu=$(minus "$risa_cpu" "$over_cpu")

echo
echo "Hashing $SIZE_MIB MiB ($BYTES bytes, from the page cache), median of $REPEATS; 1 GB = 1e9 bytes"
echo "$(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %8s %8s %8s %8s\n' "what" "wall s" "GB/s" "cpu s" "GB/cpu-s"
row "risa run, whole (fresh RISA_DIR)" "$risa_wall" "$risa_cpu"
printf '%-40s %8.3f %8s %8.2f %8s\n' "risa run on a 1-byte input (overhead)" "$over_wall" - "$over_cpu" -
row "risa hashing (whole minus overhead)" "$hash_wall" "$hash_cpu"
row "sha256sum (coreutils)" "$(median "${sw[@]}")" "$(median "${sc[@]}")"
if [ "${#ow[@]}" -gt 0 ]; then
    row "openssl dgst -sha256" "$(median "${ow[@]}")" "$(median "${oc[@]}")"
fi
verdict() { awk -v r="$(rate "$1")" 'BEGIN { print (r >= 1.5) ? "met" : "MISSED" }'; }
echo "goal >= 1.5 GB/s on one core: by cpu time $(verdict "$hash_cpu"), by wall clock $(verdict "$hash_wall")"
echo "raw wall: risa ${bw[*]} | 1-byte ${tw[*]} | sha256sum ${sw[*]}${ow:+ | openssl ${ow[*]}}"
echo "raw cpu:  risa ${bc[*]} | 1-byte ${tc[*]} | sha256sum ${sc[*]}${oc:+ | openssl ${oc[*]}}"
