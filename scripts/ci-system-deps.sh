#!/usr/bin/env bash
# System packages the test suite needs beyond npm: Debian's Chromium for the real-browser editor test
# (playwright-core drives /usr/bin/chromium; no browser download). Idempotent and quiet.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "[ci-system-deps] /usr/bin/chromium is missing and this is not root: install Debian's chromium package" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
/usr/bin/chromium --version
