#!/usr/bin/env bash
# Compliance-dashboard figures for issue 5, on a release build, over SQLite
# and (when PostgreSQL answers on 127.0.0.1:5432 or BENCH_PG_URL is set)
# PostgreSQL: the demo organisation plus about 3,000 people (`seed-scale`),
# about 300 of them in the demo head of service's department. For the head
# of service and for HR: the SQL statements one dashboard request runs
# (counted from the server's own statement log), the server function and
# the page one request at a time, then wrk -t2 -c4 on the page.
# Usage: bench/compliance.sh [path to the release binary]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath "${1:-$here/target/release/mpce-portal}")"
port="${BENCH_PORT:-3952}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
command -v wrk >/dev/null || { echo "bench needs wrk (apt-get install wrk)"; exit 1; }
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$here/target/site"

timed() { # label, then curl arguments; 20 requests
  local label="$1"; shift
  local times
  times="$(for _ in $(seq 20); do curl -fs -o /dev/null -w '%{time_total}\n' "$@"; done)"
  printf "  %-44s median %6.1f ms, max %6.1f ms, %s bytes\n" "$label" \
    "$(echo "$times" | median | awk '{ print $1 * 1000 }')" \
    "$(echo "$times" | sort -n | tail -1 | awk '{ print $1 * 1000 }')" "$(curl -fs "$@" | wc -c)"
}
sign_in() {
  curl -fs -c "$work/$1.jar" -o /dev/null -d "email=$1@demo.test" -d password=demo-portal-2026 "$base/api/session/sign-in"
}
# One line per statement (the log omits targets; each event carries db.statement).
statements() { grep -c 'db.statement' "$work/server.log" || true; }

bench_backend() { # name
  echo "== $1"
  "$bin" migrate >/dev/null
  "$bin" seed-demo >/dev/null
  echo "  $("$bin" seed-scale --people 2960 --in-head-department 290)"
  start "warn,sqlx::query=info"
  for who in head hr; do
    sign_in "$who"
    local before after
    before="$(statements)"
    curl -fs -b "$work/$who.jar" -X POST -o /dev/null "$base/api/compliance/dashboard"
    sleep 0.5
    after="$(statements)"
    echo "  $who: $(curl -fs -b "$work/$who.jar" -X POST "$base/api/compliance/dashboard" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["summary"]["people"], "people,", d["pages"], "pages")'), $((after - before)) SQL statements per dashboard request (session check included)"
  done
  stop
  start warn
  for who in head hr; do
    sign_in "$who"
    local cookie
    cookie="mpce_session=$(awk '$6 == "mpce_session" { print $7 }' "$work/$who.jar")"
    timed "$who: dashboard server function" -b "$work/$who.jar" -X POST "$base/api/compliance/dashboard"
    timed "$who: dashboard page (first 100 rows)" -b "$work/$who.jar" -H 'accept: text/html' "$base/compliance"
    timed "$who: dashboard page sorted by CPD" -b "$work/$who.jar" -H 'accept: text/html' "$base/compliance?sort=cpd"
    printf "  %-44s " "$who: page under wrk -t2 -c4 -d10s"
    wrk -t2 -c4 -d10s --latency -H "Cookie: $cookie" "$base/compliance" \
      | awk '/Requests\/sec/ { r = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } END { print r " req/s, p50 " p50 ", p99 " p99 }'
  done
  echo "  peak RSS: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status")"
  stop
}

export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
bench_backend SQLite

pg="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
if command -v psql >/dev/null && psql "$pg/postgres" -qc 'SELECT 1' >/dev/null 2>&1; then
  psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS mpce_bench_compliance' -c 'CREATE DATABASE mpce_bench_compliance'
  export DATABASE_URL="$pg/mpce_bench_compliance"
  bench_backend PostgreSQL
  psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS mpce_bench_compliance'
else
  echo "== PostgreSQL: not reachable at $pg, skipped"
fi
