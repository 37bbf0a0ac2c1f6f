#!/usr/bin/env bash
# Screenshots of the Chinese dashboard need a CJK font; install a small one (fonts-wqy-microhei)
# when missing and we may (root with apt-get). Never fails: tests read the DOM, not pixels.
set -uo pipefail
if fc-list 2>/dev/null | grep -qiE 'wqy|noto.*cjk|droid.*fallback'; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq >/dev/null 2>&1 || true)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 || echo "suitrate: could not install fonts-wqy-microhei; screenshots will show boxes for Chinese text" >&2
fi
exit 0
