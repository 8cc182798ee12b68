#!/usr/bin/env bash
# Installs what Sésame needs to build, run and test, and only what is missing:
# Debian packages, Dear ImGui's sources (third_party/) and the npm dev tools.
# Safe to run again: it does nothing when everything is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

packages=(
  build-essential cmake pkg-config git ca-certificates xz-utils
  # CI's native and sanitizer builds go through ccache (Makefile, SESAME_CCACHE)
  ccache
  libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev sqlite3 catch2
  libsodium-dev libssl-dev libcli11-dev libspdlog-dev libcurl4-openssl-dev python3-aiosmtpd
  emscripten nodejs npm libglfw3-dev libgl-dev
  fonts-dejavu-core fonttools
  # server/letters draws the sign-in letters' PDF; its tests read it with pdfinfo and pdftotext
  libpango1.0-dev libcairo2-dev poppler-utils
  # staff sign-in: TOTP (RFC 6238) by liboath, the enrolment's QR code by libqrencode;
  # the tests compute codes with oathtool, an implementation of their own
  liboath-dev libqrencode-dev oathtool
  chromium xvfb xauth
  # native_journey.py: drives the native client under Xvfb
  xdotool x11-apps
  # tests/deploy: the production nginx site in front of the server (Debian's
  # smallest nginx: ssl, http2, gzip, limit_req and headers are built in)
  nginx
  # make fuzz: libFuzzer targets built by clang (libFuzzer and the sanitizers' runtimes)
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# Node and npm may come from outside Debian's packages on a developer machine.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "deps: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

bash "$root/scripts/fetch-imgui.sh"

# playwright-core and axe-core exactly as the lock file says; no browser is ever downloaded.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.sesame-lock; then
  echo "deps: installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.sesame-lock
fi

# The team's commit rule (subject at most 72 characters) checked at each commit.
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
   [ "$(git -C "$root" config --get core.hooksPath)" != ".githooks" ]; then
  git -C "$root" config core.hooksPath .githooks
fi
