#!/usr/bin/env bash
# Builds risa in release mode (incremental) and prints the binary's path on stdout; the build's
# own output goes to stderr. Every script that needs a release risa (the README's main job, the
# benchmarks) builds it here, so they all build it the same way.
#
# The Swift runtime and Foundation are linked statically (--static-swift-stdlib): a dozen fewer
# shared libraries to map and bind at start-up, about 12 ms off every command. Building with other
# flags into the same .build/ recompiles everything (~3 minutes), so use this script rather than a
# bare `swift build -c release`.
#
#   risa=$(scripts/build-release.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
flags=(-c release --product risa --static-swift-stdlib)
swift build "${flags[@]}" >&2
echo "$(swift build "${flags[@]}" --show-bin-path)/risa"
