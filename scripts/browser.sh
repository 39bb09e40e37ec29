#!/usr/bin/env bash
# Debian's Chromium for the staff admin's end-to-end tests (Playwright drives it with
# executable_path; `playwright install` cannot download browsers on these machines).
# Installs it once when it is missing; prints where it is.
set -euo pipefail
BROWSER="${CITIZENBOT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$BROWSER" ]; then
    echo "chromium: $BROWSER ($("$BROWSER" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi
echo "chromium is missing: installing Debian's chromium package (first time: a minute or two)"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to apt-get install chromium"; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "chromium: $BROWSER ($("$BROWSER" --version))"
