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
if ! "$ROOT/scripts/build-release.sh" 2>"$LOG"; then
    tail -30 "$LOG" >&2
    exit 1
fi
