#!/usr/bin/env bash
# Times `zip -r -0 -q` against Risa's archive.zip step on the same 10,000 JPEG-sized files and
# prints the ratio (Risa's wall time / zip's; the goal is <= 1.0).
#
# The files are random bytes of typical JPEG size (150-250 KB, 2 GB in all) with JPEG start and end
# markers and a .jpg name. Neither tool looks inside: zip -0 stores everything and Risa stores .jpg
# by extension, so real JPEGs (Pillow would take minutes to encode 10,000) would measure the same
# work: reading, CRC-32 and writing every byte.
#
# Usage: bench/archive/run.sh [WORK_FOLDER]   (default /tmp/risa-bench-archive; COUNT=N for fewer files)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
risa="${RISA_BIN:-$repo/.build/release/risa}"
work="${1:-/tmp/risa-bench-archive}"
count="${COUNT:-10000}"
[ -x "$risa" ] || { echo "build Risa first: scripts/build-release.sh (or set RISA_BIN)" >&2; exit 1; }
command -v zip >/dev/null || { echo "zip is missing: scripts/setup.sh installs it" >&2; exit 1; }
mkdir -p "$work" && cd "$work"

if [ "$(cat files/.count 2>/dev/null)" != "$count" ]; then
  rm -rf files
  python3 - files "$count" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
for i in range(count):
    folder = os.path.join(root, "%02d" % (i // 1000))
    os.makedirs(folder, exist_ok=True)
    size = rng.randint(150_000, 250_000)
    with open(os.path.join(folder, "%05d.jpg" % i), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + rng.randbytes(size - 6) + b"\xff\xd9")
PY
  # Old enough for Risa's stat cache to trust (files changed within 2 s are re-read).
  find files -type f -exec touch -d '1 minute ago' {} +
  echo "$count" >files/.count
fi

cat >p.yaml <<'YAML'
name: archive-bench
steps:
  zip:
    uses: archive.zip
    with: {files: files}
YAML

timed() { # label, command...: prints and returns wall seconds
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o .time "$@" >/dev/null 2>.stderr || { cat .stderr >&2; exit 1; }
  read -r seconds user system kb <.time
  printf '%-28s %7.2f s wall %6.2f s CPU %6d MB\n' "$label" "$seconds" "$(echo "$user + $system" | bc)" \
    "$((kb / 1024))" >&2
  echo "$seconds"
}

# Both tools read the same files from the page cache, and each starts with no dirty pages left by
# the other, so neither pays for the other's writes.
cat files/*/*.jpg >/dev/null
rm -rf zip.zip .risa && mkdir .risa && sync
zip_seconds="$(timed "zip -r -0 -q" sh -c 'cd files && zip -r -0 -q ../zip.zip . -x .count')"
rm -f zip.zip && sync
risa_seconds="$(timed "risa run (archive.zip)" "$risa" run p.yaml)"
echo "files: $count; ratio risa/zip: $(echo "scale=2; $risa_seconds / $zip_seconds" | bc)"
