#!/usr/bin/env bash
# Installs the real n8n used by e2e tests, `npm start` and the trigger benchmark into .cache/ (gitignored):
#   .cache/node24  — Node 24 from the npm `node` package (n8n 2.x needs Node >= 24; the machine has 20)
#   .cache/n8n     — n8n@2.41.1 pinned exactly (2.41.3's deps are not all on this registry)
# Idempotent: a completed install leaves a stamp file and is reused.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${MMP_N8N_CACHE:-$ROOT/.cache}"
N8N_VERSION=2.41.1
NODE_VERSION=24.21.0
mkdir -p "$CACHE"

if [ ! -f "$CACHE/node24/.done-$NODE_VERSION" ]; then
  echo "[ensure-n8n] installing node@$NODE_VERSION from the npm registry"
  rm -rf "$CACHE/node24" && mkdir -p "$CACHE/node24" && cd "$CACHE/node24"
  echo '{"name":"node24-cache","private":true}' > package.json
  npm install --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >/dev/null
  "$CACHE/node24/node_modules/.bin/node" -e 'if(+process.versions.node.split(".")[0]<24)process.exit(1)'
  touch ".done-$NODE_VERSION"
fi
export PATH="$CACHE/node24/node_modules/.bin:$PATH"

if [ ! -f "$CACHE/n8n/.done-$N8N_VERSION" ]; then
  echo "[ensure-n8n] installing n8n@$N8N_VERSION (several minutes on a cold cache)"
  rm -rf "$CACHE/n8n" && mkdir -p "$CACHE/n8n" && cd "$CACHE/n8n"
  echo '{"name":"n8n-cache","private":true}' > package.json
  # --ignore-scripts: the kafka native dep downloads from the internet; only sqlite3 needs a build.
  npm install --no-audit --no-fund --loglevel=error --save-exact --ignore-scripts "n8n@$N8N_VERSION" >/dev/null
  npm rebuild sqlite3 --loglevel=error >/dev/null
  node -e "new (require('sqlite3').Database)(':memory:').close()"
  touch ".done-$N8N_VERSION"
fi
echo "[ensure-n8n] node: $CACHE/node24/node_modules/.bin/node ($(node -v)), n8n: $CACHE/n8n/node_modules/.bin/n8n"
