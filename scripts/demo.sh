#!/usr/bin/env bash
# The README's main job: installs what is missing, builds Risa, and runs the demo pipeline on its
# embedded defaults (no network, no external service). Extra arguments go to `risa run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product risa
.build/release/risa run pipelines/demo.yaml "$@"
