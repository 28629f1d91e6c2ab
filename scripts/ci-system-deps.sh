#!/usr/bin/env bash
# System packages the test suite needs beyond npm: Debian's Chromium (and the fonts the editor's
# screenshots are drawn with) for the real-browser editor test; playwright-core drives
# /usr/bin/chromium, so no browser is downloaded. nginx for the queue-mode e2e suite, which runs it
# as its own process (scripts/lib/nginx.js) in front of the webhook processors; the system service
# is not used. Idempotent and quiet; .ci/run calls it.
set -euo pipefail
have_chromium() {
	[ -x /usr/bin/chromium ] && dpkg-query -W -f='${Status}' fonts-liberation 2>/dev/null | grep -q 'install ok installed'
}
have_nginx() { [ -x /usr/sbin/nginx ]; }
if have_chromium && have_nginx; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "[ci-system-deps] Chromium, fonts-liberation or nginx is missing and this is not root: install Debian's chromium, fonts-liberation and nginx packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-liberation nginx >/dev/null
# The package's postinst may start the system service (port 80); the tests never use it.
if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
/usr/bin/chromium --version
/usr/sbin/nginx -v
