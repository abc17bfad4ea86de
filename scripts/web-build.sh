#!/usr/bin/env bash
# Installs the web workspace's packages (when the lock file changed), builds the dashboard app
# into web/app/dist, which the server serves (and embeds in release builds), and the site
# runtime of page code into web/site-runtime/dist (one script and its source map).
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ ! -f node_modules/.package-lock.json ]] ||
  [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build -w app --silent
npm run build -w site-runtime --silent
