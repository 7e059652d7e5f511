#!/bin/sh
# Starts the portal for the browser tests on a fresh SQLite database with
# the demo organisation. Usage: start-portal.sh PORT
set -eu
port="$1"
here="$(cd "$(dirname "$0")" && pwd)"
bin="${PORTAL_BIN:-$here/../target/debug/mpce-portal}"
data="$(mktemp -d)"
export DATABASE_URL="sqlite://$data/e2e.db?mode=rwc"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$here/../target/site"
export MPCE_LOG="${MPCE_LOG:-warn}"
"$bin" seed-demo >/dev/null
exec "$bin" serve
