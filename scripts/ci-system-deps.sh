#!/usr/bin/env bash
# System packages the test suite needs beyond npm: Debian's Chromium (and the fonts the editor's
# screenshots are drawn with) for the real-browser editor test; playwright-core drives
# /usr/bin/chromium, so no browser is downloaded. Idempotent and quiet; .ci/run calls it.
set -euo pipefail
if [ -x /usr/bin/chromium ] && dpkg-query -W -f='${Status}' fonts-liberation 2>/dev/null | grep -q 'install ok installed'; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "[ci-system-deps] Chromium or fonts-liberation is missing and this is not root: install Debian's chromium and fonts-liberation packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
/usr/bin/chromium --version
