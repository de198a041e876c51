#!/usr/bin/env bash
# Builds risa in release mode when needed (SwiftPM is incremental) and prints the binary's path.
#
#   RISA=$(bench/engine/risa-bin.sh)
#
# While Package.swift names a test target whose folder is not in the tree yet, SwiftPM refuses the
# whole package; risa is then built from a copy of the manifest without its test targets in
# bench/work/pkg (Sources linked, not copied), which builds exactly the same risa.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
LOG=$ROOT/bench/work/build.log
mkdir -p "$ROOT/bench/work"
echo "building risa (release; log: $LOG)" >&2
if swift build -c release --product risa >"$LOG" 2>&1; then
    echo "$(swift build -c release --show-bin-path)/risa"
    exit 0
fi
if ! grep -q "should be located under 'Tests/" "$LOG"; then
    tail -30 "$LOG" >&2
    exit 1
fi
echo "  Package.swift names test targets whose folders are missing; building from bench/work/pkg" >&2
PKG=$ROOT/bench/work/pkg
mkdir -p "$PKG"
ln -sfn ../../../Sources "$PKG/Sources"
grep -v '\.testTarget(' Package.swift >"$PKG/Package.swift"
cd "$PKG"
if ! swift build -c release --product risa >"$LOG" 2>&1; then
    tail -30 "$LOG" >&2
    exit 1
fi
echo "$(swift build -c release --show-bin-path)/risa"
