#!/usr/bin/env bash
# Services the e2e suite needs on 127.0.0.1 when CI=true: PostgreSQL on 5432 (trust auth, user postgres,
# database `test`, for the BI example) and Redis on 6379. For a fresh Debian CI container, run as root
# before .ci/run (the GitHub Actions workflows do); machines that already run both are left alone.
set -euo pipefail
log() { echo "[ci-services] $*" >&2; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if listening 5432 && listening 6379; then
	log "PostgreSQL and Redis already listen on 127.0.0.1"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	log "PostgreSQL or Redis is missing and this is not root: start them on 127.0.0.1:5432 and :6379"
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql redis-server >/dev/null

# Trust local TCP connections, as the suite connects as postgres without a password.
hba="$(ls /etc/postgresql/*/main/pg_hba.conf | head -n 1)"
sed -i -E 's/^(host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1\/32|::1\/128)[[:space:]]+)[^[:space:]]+/\1trust/' "$hba"
service postgresql start
for _ in $(seq 1 30); do listening 5432 && break; sleep 1; done
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" | grep -q 1 ||
	su postgres -c "createdb test"

redis-server --bind 127.0.0.1 --port 6379 --daemonize yes >/dev/null
for _ in $(seq 1 30); do listening 6379 && break; sleep 1; done
listening 5432 && listening 6379 && log "PostgreSQL and Redis listen on 127.0.0.1"
