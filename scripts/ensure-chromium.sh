#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium at /usr/bin/chromium (playwright.config.ts); Playwright
# never downloads a browser of its own. This installs it when it is missing and we are allowed to.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is not installed: installing Debian's chromium package for the end-to-end tests." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
  if [ -x "$CHROMIUM" ]; then
    exit 0
  fi
  echo "apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi

cat >&2 <<MSG
The end-to-end tests need Chromium at $CHROMIUM, and it is not installed.
Install it, then run the tests again:

  Debian or Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
  (on Ubuntu the package may be called chromium-browser)

Playwright is set up to use this browser and never downloads one of its own.
MSG
exit 1
