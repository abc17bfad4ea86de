#!/usr/bin/env bash
# Real npm packages for the Node built-in tests (crates/jsrt/tests/npm_packages.rs,
# crates/http/tests/npm_packages.rs): installed once into $TESSERA_NPM_FIXTURE (default
# /var/tmp/tessera-npm-fixture), then reused offline. Prints the folder that holds
# node_modules. Fails if they cannot be installed: the tests then fail, never skip.
set -euo pipefail
dir=${TESSERA_NPM_FIXTURE:-/var/tmp/tessera-npm-fixture}
packages=(
  "@sendgrid/mail@8.1.6"
  "axios@1.21.1"
  "node-fetch@3.3.2"
  "nodemailer@10.6.1"
  "twilio@6.3.1"
  "@googleapis/sheets@14.0.0"
)
stamp="$dir/installed-$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-16)"
if [[ ! -f $stamp ]]; then
  mkdir -p "$dir"
  # One installer at a time: test binaries run in parallel.
  exec 9>"$dir/.lock"
  flock 9
  if [[ ! -f $stamp ]]; then
    echo '{"private": true}' >"$dir/package.json"
    npm install --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error "${packages[@]}" >&2
    touch "$stamp"
  fi
fi
echo "$dir"
