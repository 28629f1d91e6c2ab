#!/usr/bin/env bash
# Installs the real n8n used by e2e tests, `npm start` and the trigger benchmark into .cache/ (gitignored):
#   .cache/node24  — Node 24 from the npm `node` package (n8n 2.x needs Node >= 24; the machine has 20)
#   .cache/n8n     — n8n@2.41.1 pinned exactly (2.41.3's deps are not all on this registry)
# Idempotent: a completed install leaves a stamp file and is reused. Concurrent callers (parallel jest
# workers, `npm start` while tests run) wait on a lock instead of installing twice.
# Progress goes to stderr; the last stdout line is machine-readable: `node=<path> n8n=<path>`.
# `--check`: install nothing; print the paths when both are installed, else exit 3.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${MMP_N8N_CACHE:-$ROOT/.cache}"
N8N_VERSION=2.41.1
NODE_VERSION=24.21.0
NODE_BIN="$CACHE/node24/node_modules/node/bin/node"
N8N_BIN="$CACHE/n8n/node_modules/n8n/bin/n8n"
log() { echo "[ensure-n8n] $*" >&2; }

installed_version() { # <package.json> — prints its "version", empty when missing
  [ -f "$1" ] && sed -n 's/^  "version": "\(.*\)",$/\1/p' "$1" | head -n 1 || true
}
node_installed() { [ -f "$CACHE/node24/.done-$NODE_VERSION" ] && [ -x "$NODE_BIN" ]; }
n8n_installed() {
  [ -f "$CACHE/n8n/.done-$N8N_VERSION" ] &&
    [ "$(installed_version "$CACHE/n8n/node_modules/n8n/package.json")" = "$N8N_VERSION" ]
}

if [ "${1:-}" = "--check" ]; then
  if node_installed && n8n_installed; then
    echo "node=$NODE_BIN n8n=$N8N_BIN"
    exit 0
  fi
  log "node@$NODE_VERSION + n8n@$N8N_VERSION are not installed in $CACHE (bash scripts/ensure-n8n.sh installs them)"
  exit 3
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.ensure-n8n.lock"
if ! flock -n 9; then
  log "another install is running; waiting for it (up to 30 min)"
  flock -w 1800 9 || { log "timed out waiting for the install lock"; exit 1; }
fi

if ! node_installed; then
  log "installing node@$NODE_VERSION from the npm registry"
  rm -rf "$CACHE/node24" && mkdir -p "$CACHE/node24" && cd "$CACHE/node24"
  echo '{"name":"node24-cache","private":true}' > package.json
  # --ignore-scripts=false: the binary comes from the package's postinstall, and under `npm start`
  # npm passes the project's ignore-scripts (.npmrc) down as npm_config_ignore_scripts.
  npm install --no-audit --no-fund --loglevel=error --ignore-scripts=false "node@$NODE_VERSION" >&2
  "$NODE_BIN" -e 'if(+process.versions.node.split(".")[0]<24)process.exit(1)'
  touch ".done-$NODE_VERSION"
fi
# npm, node-gyp and lifecycle scripts below then run on Node 24.
export PATH="$CACHE/node24/node_modules/.bin:$PATH"

if ! n8n_installed; then
  log "installing n8n@$N8N_VERSION (about 5 min on a cold npm cache, 2.9 GB)"
  rm -rf "$CACHE/n8n" && mkdir -p "$CACHE/n8n" && cd "$CACHE/n8n"
  echo '{"name":"n8n-cache","private":true}' > package.json
  # --ignore-scripts: the Kafka native dependency downloads from the internet; only sqlite3 needs a
  # build (isolated-vm ships Node 24 prebuilds).
  npm install --no-audit --no-fund --loglevel=error --save-exact --ignore-scripts "n8n@$N8N_VERSION" >&2
  log "building sqlite3 (about 2 min)"
  npm rebuild sqlite3 --loglevel=error --ignore-scripts=false >&2
  node -e "new (require('sqlite3').Database)(':memory:').close()"
  touch ".done-$N8N_VERSION"
fi
log "node $("$NODE_BIN" -v), n8n $N8N_VERSION ready in $CACHE"
echo "node=$NODE_BIN n8n=$N8N_BIN"
