#!/usr/bin/env bash
# Installs the Debian packages Risa builds against, when any is missing. Safe to run again.
set -euo pipefail

packages=(
  pkg-config libyaml-dev libsqlite3-dev libcurl4-openssl-dev libmagickwand-dev
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libgit2-dev zlib1g-dev zip unzip
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
