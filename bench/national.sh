#!/usr/bin/env bash
# Issue 7's benchmark on the national data set (`seed-demo --scale
# national`: 20,000 people, ~4 million CPD activities), release build, on
# SQLite and (when PostgreSQL answers on 127.0.0.1:5432 or BENCH_PG_URL is
# set) PostgreSQL. The data set is loaded once and kept (BENCH_CACHE, a
# SQLite file and the PostgreSQL database mpce_bench_national).
#
# For each page: wrk (2 threads; BENCH_SECONDS, default 10) for requests/s
# and p50/p99 latency; the server's peak RSS over the run; idle RSS right
# after start-up; the raw CPD CSV export's rows/s and the server's peak RSS
# during it (a fresh server); and the staff home page's p99 while 50
# sign-ins arrive at once. Prints one table and writes it to BENCH_OUT.
# Usage: bench/national.sh [path to the release binary]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath "${1:-$here/target/release/mpce-portal}")"
port="${BENCH_PORT:-3953}"
base="http://127.0.0.1:$port"
cache="${BENCH_CACHE:-$here/target/bench-data}"
out="${BENCH_OUT:-$here/bench/results/national.md}"
seconds="${BENCH_SECONDS:-10}"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (Debian: apt-get install $tool)"; exit 1; }
done
mkdir -p "$cache" "$(dirname "$out")"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$here/target/site"
results="$work/results.tsv"
: > "$results"

record() { printf '%s\t%s\t%s\n' "$backend" "$1" "$2" >> "$results"; echo "  $1: $2"; }
rss() { awk -v k="$1" '$1 == k":" { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status"; }

sign_in() { # email, jar name
  curl -fs -c "$work/$2.jar" -o /dev/null -d "email=$1" -d password=demo-portal-2026 "$base/api/session/sign-in"
  echo "mpce_session=$(awk '$6 == "mpce_session" { print $7 }' "$work/$2.jar")"
}

# wrk on a page; prints "N req/s, p50 X, p99 Y" and fails on error answers.
load() { # cookie, path, connections
  local report
  report="$(wrk -t2 -c"$3" -d"${seconds}s" --timeout 10s --latency -H "Cookie: $1" -H 'accept: text/html' "$base$2")"
  if grep -q 'Non-2xx' <<<"$report"; then echo "error answers from $2:"; echo "$report"; exit 1; fi
  awk '/Requests\/sec/ { r = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
       END { printf (r < 10 ? "%.1f" : "%.0f") " req/s, p50 %s, p99 %s", r, p50, p99 }' <<<"$report"
}

bench_backend() {
  echo "== $backend"
  start warn
  sleep 2
  record "Idle RSS after start" "$(rss VmRSS)"
  local staff manager head hr
  staff="$(sign_in staff@national.test staff)"
  manager="$(sign_in manager@national.test manager)"
  head="$(sign_in head@national.test head)"
  hr="$(sign_in hr@demo.test hr)"
  # One request each first, so every page is warm. Retention statistics
  # are computed on the first request and kept until the data change.
  for pair in "$staff /" "$staff /cpd" "$manager /compliance" "$head /compliance"; do
    curl -fs -o /dev/null -H "Cookie: ${pair% *}" "$base${pair#* }"
  done
  local computed
  computed="$(curl -fs -o /dev/null -w '%{time_total}' -H "Cookie: $hr" "$base/retention")"
  record "HR retention statistics, first request (computed)" "$(awk -v t="$computed" 'BEGIN { printf "%.0f ms", t * 1000 }')"
  record "Staff home page" "$(load "$staff" / 8)"
  record "CPD list (500 activities)" "$(load "$staff" /cpd 8)"
  record "Manager's dashboard (50 people)" "$(load "$manager" /compliance 4)"
  record "Head of service's dashboard (300 people)" "$(load "$head" /compliance 4)"
  record "HR retention statistics (20,000 people), kept" "$(load "$hr" /retention 2)"
  record "Peak RSS over the pages" "$(rss VmHWM)"

  # 50 sign-ins at once while the staff home page is under load.
  (sleep 2; seq 50 | xargs -P50 -I{} curl -fs -o /dev/null -w '%{time_total}\n' \
      -d email=staff@national.test -d password=demo-portal-2026 "$base/api/session/sign-in" \
      > "$work/burst.txt") &
  local burst_pid=$!
  local during
  during="$(seconds=6 load "$staff" / 4)"
  wait "$burst_pid"
  record "Staff home page during 50 sign-ins" "$during; sign-ins took $(sort -n "$work/burst.txt" | tail -1 | awk '{ printf "%.0f ms", $1 * 1000 }') at most"
  stop

  # The raw CPD export on a fresh server, so its peak RSS is its own.
  start warn
  curl -fs -c "$work/hr.jar" -o /dev/null -d email=hr@demo.test -d password=demo-portal-2026 "$base/api/session/sign-in"
  local took rows
  took="$(curl -fs -b "$work/hr.jar" -o "$work/cpd.csv" -w '%{time_total}' "$base/exports/cpd-activities.csv")"
  rows=$(( $(wc -l < "$work/cpd.csv") - 1 ))
  rm -f "$work/cpd.csv"
  record "Raw CPD CSV export" "$rows rows in $(printf '%.1f' "$took") s: $(awk -v r="$rows" -v t="$took" 'BEGIN { printf "%.0f", r / t }') rows/s, peak RSS $(rss VmHWM)"
  stop
}

# Loads the data set; prints the seconds it took.
seed_timed() {
  local t0; t0="$(date +%s.%N)"
  "$bin" seed-demo --scale national >&2
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'
}

# SQLite: a file kept in the cache.
backend=SQLite
export DATABASE_URL="sqlite://$cache/national.db?mode=rwc"
if [ ! -s "$cache/national.sqlite.loaded" ]; then
  rm -f "$cache/national.db"*
  echo "== loading the national data set into SQLite (once)"
  seed_timed > "$cache/national.sqlite.loaded"
fi
record "Loading the national data set (once)" "$(cat "$cache/national.sqlite.loaded") s"
bench_backend

pg="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
if command -v psql >/dev/null && psql "$pg/postgres" -qc 'SELECT 1' >/dev/null 2>&1; then
  backend=PostgreSQL
  export DATABASE_URL="$pg/mpce_bench_national"
  if [ ! -s "$cache/national.postgres.loaded" ] \
    || [ "$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM people WHERE email = 'head@national.test'" 2>/dev/null)" != 1 ]; then
    psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS mpce_bench_national' -c 'CREATE DATABASE mpce_bench_national'
    echo "== loading the national data set into PostgreSQL (once)"
    seed_timed > "$cache/national.postgres.loaded"
  fi
  record "Loading the national data set (once)" "$(cat "$cache/national.postgres.loaded") s"
  bench_backend
else
  echo "== PostgreSQL: not reachable at $pg, skipped"
fi

machine="$(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -g | awk '/Mem:/ { print $2 }') GB RAM, wrk on the same machine"
python3 - "$results" "$machine" > "$out" <<'EOF'
import sys
rows, backends = {}, []
for line in open(sys.argv[1]):
    backend, measure, value = line.rstrip("\n").split("\t")
    if backend not in backends:
        backends.append(backend)
    rows.setdefault(measure, {})[backend] = value
print(f"National data set, release build. Machine: {sys.argv[2]}.\n")
print("| Measure | " + " | ".join(backends) + " |")
print("| --- | " + " | ".join("---" for _ in backends) + " |")
for measure, values in rows.items():
    print(f"| {measure} | " + " | ".join(values.get(b, "-") for b in backends) + " |")
EOF
echo
cat "$out"
echo "(written to $out)"
