#!/usr/bin/env bash
# Browser tests drive Debian's Chromium with playwright-core (no browser downloads). Install it
# when missing and we are allowed to (root with apt-get); otherwise explain what to do.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "suitrate: installing Debian chromium for the browser tests…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "suitrate: browser tests need /usr/bin/chromium (Debian package 'chromium'); install it with: sudo apt-get install chromium" >&2
exit 1
