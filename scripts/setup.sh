#!/usr/bin/env bash
# Installs the Debian packages Risa builds against, when any is missing, and the Python virtual
# environment of the workers (workers/requirements.txt) at ${RISA_VENV:-$HOME/.local/share/risa/venv}.
# Safe to run again: the environment is rebuilt only when the requirements or the Python change.
set -euo pipefail

packages=(
  pkg-config libyaml-dev libsqlite3-dev libcurl4-openssl-dev libmagickwand-dev
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libgit2-dev zlib1g-dev zip unzip
  python3 python3-venv
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "risa setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The workers' virtual environment, made with Debian's Python (not a pyenv or other shim earlier in
# PATH) so that it matches the python3-venv package installed above.
venv="${RISA_VENV:-$HOME/.local/share/risa/venv}"
requirements="$(cd "$(dirname "$0")/.." && pwd)/workers/requirements.txt"
python=/usr/bin/python3
[ -x "$python" ] || python="$(command -v python3 || true)"
if [ -z "$python" ]; then
  echo "risa setup: no python3 found; install Debian's python3 and python3-venv packages" >&2
  exit 1
fi
stamp="$venv/.risa-requirements"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "risa setup: creating the workers' Python environment in $venv" >&2
  if [ -d "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ] && [ -n "$(ls -A "$venv")" ]; then
    echo "risa setup: $venv exists and is not a Python virtual environment; move it away or set RISA_VENV" >&2
    exit 1
  fi
  rm -rf "$venv"
  if ! "$python" -m venv "$venv"; then
    echo "risa setup: '$python -m venv $venv' failed; on Debian install python3-venv (apt-get install python3-venv)," \
      "or set RISA_VENV to a writable folder" >&2
    exit 1
  fi
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"; then
    echo "risa setup: cannot install $requirements into $venv (is PyPI reachable?)" >&2
    exit 1
  fi
  echo "$wanted" >"$stamp"
fi
