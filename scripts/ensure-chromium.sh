#!/usr/bin/env bash
# The web app's end-to-end tests drive Debian's Chromium (never a downloaded browser build).
# Installs the `chromium` package when it is missing, so `npm test` works on a fresh machine.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "The end-to-end tests need Debian's chromium package: run 'sudo apt-get install chromium' once." >&2
  exit 1
fi
echo "Installing Debian's chromium for the end-to-end tests (once)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null
