#!/usr/bin/env bash
# Builds risa in release mode when needed (SwiftPM is incremental) and prints the binary's path.
#
#   RISA=$(bench/engine/risa-bin.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
LOG=$ROOT/bench/work/build.log
mkdir -p "$ROOT/bench/work"
echo "building risa (release; log: $LOG)" >&2
if ! swift build -c release --product risa >"$LOG" 2>&1; then
    tail -30 "$LOG" >&2
    exit 1
fi
echo "$(swift build -c release --show-bin-path)/risa"
