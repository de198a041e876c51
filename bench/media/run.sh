#!/usr/bin/env bash
# Times FFmpeg and ImageMagick against Risa's media steps on the same work, side by side, and prints
# the ratios (Risa's wall time / the other tool's):
#   - one frame per second from a 2-minute 1920x1080 30 fps H.264 video:
#       ffmpeg -i v.mp4 -vf fps=1 %05d.png           vs  video.frames fps: 1        (goal <= 1.0)
#   - one frame every 10 s / key frames only:
#       ffmpeg -vf fps=1/10, ffmpeg -vf select=eq(pict_type,I)  vs  every: 10s, keyframes: true
#       (goal: Risa >= 3x faster); also ffmpeg -skip_frame nokey, which decodes only the key frames
#       as Risa does (the same work, so no 3x is possible there)
#   - 100 JPEGs of 3000x2000 to 1024 on the long side:
#       mogrify -resize 1024x1024 (on copies)          vs  image.transform resize long_side 1024, jpg, --jobs 2
#                                                        (goal: Risa >= 2x faster, bounded memory)
# Inputs are made by `risa sample-media --bench-video --bench-jpegs 100` (the same bytes every time).
# /usr/local/bin/convert on the benchmark machine is a stand-in, so /usr/bin/ffmpeg and /usr/bin/mogrify
# are called by their full paths; both are installed with apt when missing.
#
# Usage: bench/media/run.sh [WORK_FOLDER]   (default /tmp/risa-bench-media; JPEGS=N for fewer images)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
risa="${RISA_BIN:-$repo/.build/release/risa}"
work="${1:-/tmp/risa-bench-media}"
jpegs="${JPEGS:-100}"
[ -x "$risa" ] || { echo "build Risa first: scripts/build-release.sh (or set RISA_BIN)" >&2; exit 1; }
if [ ! -x /usr/bin/ffmpeg ] || [ ! -x /usr/bin/mogrify ]; then
  apt-get update -qq && apt-get install -y -qq ffmpeg imagemagick >/dev/null
fi
mkdir -p "$work" && cd "$work"

[ -f input/bench.mp4 ] || "$risa" sample-media input --bench-video
if [ "$(ls input/jpegs 2>/dev/null | wc -l)" != "$jpegs" ]; then
  rm -rf input/jpegs && "$risa" sample-media input --bench-jpegs "$jpegs"
fi

timed() { # label, command...: prints a line to stderr and the wall seconds to stdout
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o .time "$@" >/dev/null 2>.stderr || { cat .stderr >&2; exit 1; }
  read -r seconds user system kb <.time
  printf '%-44s %7.2f s wall %7.2f s CPU %6d MB max RSS\n' "$label" "$seconds" "$(echo "$user + $system" | bc)" \
    "$((kb / 1024))" >&2
  echo "$seconds"
}

# A fresh Risa project holding one pipeline (nothing cached), the input linked in.
project() { # name, yaml
  rm -rf "p-$1" && mkdir -p "p-$1/.risa" && ln -s "$work/input" "p-$1/input"
  printf '%s\n' "$2" >"p-$1/p.yaml"
}
frames() { # name, mode line
  project "$1" "name: bench
steps:
  import:
    uses: media.import
    with: {paths: [input/bench.mp4]}
  frames:
    uses: video.frames
    with:
      videos: \${{ steps.import.outputs.videos }}
      $2"
}
ffmpeg="/usr/bin/ffmpeg -nostdin -loglevel error"
ratio() { echo "scale=2; $1 / $2" | bc; }

cat input/bench.mp4 input/jpegs/*.jpg >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

frames fps "fps: 1"
rm -rf ff-fps && mkdir ff-fps
ff_fps="$(timed "ffmpeg -vf fps=1" $ffmpeg -i input/bench.mp4 -vf fps=1 ff-fps/%05d.png)"
risa_fps="$(timed "risa video.frames fps: 1" sh -c "cd p-fps && '$risa' run p.yaml")"

frames every "every: 10s"
rm -rf ff-every && mkdir ff-every
ff_every="$(timed "ffmpeg -vf fps=1/10" $ffmpeg -i input/bench.mp4 -vf fps=1/10 ff-every/%05d.png)"
risa_every="$(timed "risa video.frames every: 10s" sh -c "cd p-every && '$risa' run p.yaml")"

frames keys "keyframes: true"
rm -rf ff-keys && mkdir ff-keys
ff_keys="$(timed "ffmpeg -skip_frame nokey (key frames)" $ffmpeg -skip_frame nokey -i input/bench.mp4 -fps_mode passthrough ff-keys/%05d.png)"
# The same frames the way a filter graph picks them (every frame decoded, I-frames kept).
rm -rf ff-select && mkdir ff-select
ff_select="$(timed "ffmpeg -vf select=eq(pict_type,I)" $ffmpeg -i input/bench.mp4 -vf "select='eq(pict_type,I)'" -fps_mode vfr ff-select/%05d.png)"
risa_keys="$(timed "risa video.frames keyframes: true" sh -c "cd p-keys && '$risa' run p.yaml")"

project resize "name: bench
steps:
  resize:
    uses: image.transform
    with:
      images: input/jpegs
      ops: [{resize: {long_side: 1024}}]
      format: jpg
      quality: 92"
rm -rf mogrify && cp -r input/jpegs mogrify && sync
mogrify_resize="$(timed "mogrify -resize 1024x1024 (quality 92)" /usr/bin/mogrify -quality 92 -resize 1024x1024 mogrify/*.jpg)"
risa_resize="$(timed "risa image.transform long_side 1024 --jobs 2" sh -c "cd p-resize && '$risa' run --jobs 2 p.yaml")"

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "frames written: ffmpeg fps=1 $(ls ff-fps | wc -l), risa $(find p-fps/out -name '*.png' | wc -l);" \
  "every 10 s: ffmpeg $(ls ff-every | wc -l), risa $(find p-every/out -name '*.png' | wc -l);" \
  "key frames: ffmpeg $(ls ff-keys | wc -l) (select: $(ls ff-select | wc -l)), risa $(find p-keys/out -name '*.png' | wc -l)"
echo "ratio risa/ffmpeg fps=1:               $(ratio "$risa_fps" "$ff_fps")   (goal <= 1.0)"
echo "ratio risa/ffmpeg every 10 s:          $(ratio "$risa_every" "$ff_every")   (goal <= 0.33)"
echo "ratio risa/ffmpeg select I-frames:     $(ratio "$risa_keys" "$ff_select")   (goal <= 0.33)"
echo "ratio risa/ffmpeg -skip_frame nokey:   $(ratio "$risa_keys" "$ff_keys")   (the same 60 frames decoded by both)"
echo "ratio risa key frames / ffmpeg fps=1:  $(ratio "$risa_keys" "$ff_fps")"
echo "ratio risa every 10 s / ffmpeg fps=1:  $(ratio "$risa_every" "$ff_fps")"
echo "ratio risa/mogrify resize:             $(ratio "$risa_resize" "$mogrify_resize")   (goal <= 0.5)"
