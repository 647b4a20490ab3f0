#!/usr/bin/env bash
# The web app's end-to-end tests drive Debian's Chromium (never a downloaded browser build).
# Installs the `chromium` package (and a CJK font, so Chinese pages render in its screenshots) when
# missing, so `npm test` works on a fresh machine.
set -euo pipefail
have_font() { fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; }
if command -v chromium >/dev/null 2>&1 && have_font; then exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  if command -v chromium >/dev/null 2>&1; then exit 0; fi # the font only makes screenshots readable
  echo "The end-to-end tests need Debian's chromium package: run 'sudo apt-get install chromium' once." >&2
  exit 1
fi
echo "Installing Debian's chromium and a CJK font for the end-to-end tests (once)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
command -v chromium >/dev/null
