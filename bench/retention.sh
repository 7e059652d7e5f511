#!/usr/bin/env bash
# Retention-statistics figures for issue 6, on a release build, over SQLite
# and (when PostgreSQL answers on 127.0.0.1:5432 or BENCH_PG_URL is set)
# PostgreSQL: 20,000 staff records in 200 departments over 10 years
# (`seed-workforce`: about 10% leave a year, with transfers and
# promotions). Measures the command line (`retention-stats`, a whole
# process: connect, migrate check, load, count) and HR's server function
# and page with a 10-year trend, one request at a time, and the server's
# peak RSS.
# Usage: bench/retention.sh [path to the release binary]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath "${1:-$here/target/release/mpce-portal}")"
port="${BENCH_PORT:-3953}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$here/target/site"
export MPCE_LOG=warn

timed() { # label, then curl arguments; 10 requests
  local label="$1"; shift
  local times
  times="$(for _ in $(seq 10); do curl -fs -o /dev/null -w '%{time_total}\n' "$@"; done)"
  printf "  %-52s median %7.1f ms, max %7.1f ms\n" "$label" \
    "$(echo "$times" | median | awk '{ print $1 * 1000 }')" \
    "$(echo "$times" | sort -n | tail -1 | awk '{ print $1 * 1000 }')"
}
cli() { # label, then retention-stats arguments; 5 runs
  local label="$1"; shift
  local times
  times="$(for _ in $(seq 5); do
    t0="$(date +%s.%N)"; "$bin" retention-stats "$@" >/dev/null; awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'
  done)"
  printf "  %-52s median %7.0f ms\n" "$label" "$(echo "$times" | median | awk '{ print $1 * 1000 }')"
}

bench_backend() { # name
  echo "== $1"
  "$bin" migrate >/dev/null
  "$bin" seed-demo >/dev/null
  echo "  $("$bin" seed-workforce --people 20000 --departments 200 --years 10)"
  cli "command line, whole organisation, one year" --from 2025-03-31 --to 2026-03-31
  cli "command line, by department (200 groups)" --from 2025-03-31 --to 2026-03-31 --by department
  cli "command line, ten years at once" --from 2016-03-31 --to 2026-03-31 --by staff_group
  start
  curl -fs -c "$work/hr.jar" -o /dev/null -d email=hr@demo.test -d password=demo-portal-2026 "$base/api/session/sign-in"
  local q='query[years]=10'
  echo "  $(curl -fs -b "$work/hr.jar" -X POST -d "$q" "$base/api/retention/report" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); t=d["total"]; print(t["in_post_start"], "in post at the start,", t["leavers"], "leavers, leaver rate", round(t["leavers"] / ((t["in_post_start"] + t["in_post_end"]) / 2), 4))')"
  timed "HR: server function, organisation, 10-year trend" -b "$work/hr.jar" -X POST -d "$q" "$base/api/retention/report"
  timed "HR: server function, by department, 10-year trend" -b "$work/hr.jar" -X POST -d "$q&query[by]=department" "$base/api/retention/report"
  timed "HR: page, by staff group, 10-year trend" -b "$work/hr.jar" -H 'accept: text/html' "$base/retention?by=staff_group&years=10"
  timed "HR: XLSX export, by department" -b "$work/hr.jar" "$base/retention/export.xlsx?by=department&years=10"
  echo "  peak RSS: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status")"
  stop
}

export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
bench_backend SQLite

pg="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
if command -v psql >/dev/null && psql "$pg/postgres" -qc 'SELECT 1' >/dev/null 2>&1; then
  psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS mpce_bench_retention' -c 'CREATE DATABASE mpce_bench_retention'
  export DATABASE_URL="$pg/mpce_bench_retention"
  bench_backend PostgreSQL
  psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS mpce_bench_retention'
else
  echo "== PostgreSQL: not reachable at $pg, skipped"
fi
