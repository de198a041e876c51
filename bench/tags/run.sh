#!/usr/bin/env bash
# tags.map + caption.write on 100,000 tagged images (30 tags each), goal: under 1 s of the steps'
# own time (the mapping is compiled once). The images come from a tags.import of a 3,000,000-row
# tag table over 100,000 tiny files (bench/tags/gen.py); the pipeline then maps and captions them.
# Printed per step: its own time (the loop over the items, logged by the step: decode the tags,
# map or caption them, encode the metadata) and the engine's wall time for the step (which adds
# reading the 100,000-item set from the store and storing the new one).
#
# Usage: bench/tags/run.sh [WORK_FOLDER]   (default /tmp/risa-bench-tags; COUNT=N for fewer images)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
risa="${RISA_BIN:-$repo/.build/release/risa}"
work="${1:-/tmp/risa-bench-tags}"
count="${COUNT:-100000}"
[ -x "$risa" ] || { echo "build Risa first: scripts/build-release.sh (or set RISA_BIN)" >&2; exit 1; }
mkdir -p "$work" && cd "$work"
if [ "$(cat .count 2>/dev/null)" != "$count" ]; then
  rm -rf items tags.csv mapping.yaml .risa out
  python3 "$repo/bench/tags/gen.py" . "$count"
  find items -type f -exec touch -d '1 minute ago' {} +
  echo "$count" >.count
fi
cat >p.yaml <<'YAML'
name: tags-bench
steps:
  import:
    uses: tags.import
    with: {images: items/, table: tags.csv, source_sidecars: false}
  map:
    uses: tags.map
    with:
      images: ${{ steps.import.outputs.images }}
      mappings: [mapping.yaml]
      map: {triggers: [sks]}
  caption:
    uses: caption.write
    with: {images: "${{ steps.map.outputs.images }}", keep_fixed: true, keep_tokens_separator: "|||", exclude: [rating]}
YAML
"$risa" run p.yaml --force map --force caption >run.log 2>&1 || { cat run.log >&2; exit 1; }
run="$("$risa" runs | head -1 | cut -d' ' -f1)"
own() { "$risa" logs "$run" "$1" | grep -o "$2 in [0-9.]* s" | grep -o '[0-9.]*' | tail -1; }
wall() { grep -E "ran +$1 " run.log | grep -o '([0-9.]*s)' | tr -d '()s'; }
map_own="$(own map mapped)"
caption_own="$(own caption written)"
total="$(echo "$map_own + $caption_own" | bc)"
printf 'images                      %d (30 tags each)\n' "$count"
printf 'tags.map      own %6.3f s   engine wall %6.2f s\n' "$map_own" "$(wall map)"
printf 'caption.write own %6.3f s   engine wall %6.2f s\n' "$caption_own" "$(wall caption)"
printf 'own total %.3f s (goal < 1 s): %s\n' "$total" "$(echo "$total < 1" | bc | sed 's/1/met/; s/0/NOT met/')"
grep -E "items, .* changed" run.log || "$risa" logs "$run" map | grep "changed" | tail -1
