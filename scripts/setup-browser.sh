#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests (Playwright drives it through
# executable_path; no browser is ever downloaded by Playwright). Needs root or sudo for apt-get.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-browser: chromium is missing and apt-get needs root; the browser tests will be skipped" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
echo "setup-browser: installed $(chromium --version 2>/dev/null || echo chromium)"
