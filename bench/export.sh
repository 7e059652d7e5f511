#!/usr/bin/env bash
# Raw CSV export figures for issue 6, on a release build, over SQLite and
# (when PostgreSQL answers on 127.0.0.1:5432 or BENCH_PG_URL is set)
# PostgreSQL: the demo organisation plus about 3,000 people (`seed-scale`),
# topped up by SQL to 1,000,000 CPD activities (each with a four-part
# reflection the export must not read). HR downloads
# /exports/cpd-activities.csv with curl three times; reported: rows, bytes,
# time to the first byte, total time, rows/s (data lines / seconds), and the
# server's peak RSS (VmHWM) after start-up and after the downloads, then
# after four downloads at once.
# Needs curl, sqlite3 and (for PostgreSQL) psql.
# Usage: bench/export.sh [path to the release binary]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath "${1:-$here/target/release/mpce-portal}")"
port="${BENCH_PORT:-3953}"
base="http://127.0.0.1:$port"
rows_wanted="${BENCH_CPD_ROWS:-1000000}"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
command -v sqlite3 >/dev/null || { echo "bench needs sqlite3 (apt-get install sqlite3)"; exit 1; }
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$here/target/site"
export MPCE_LOG=warn

peak() { awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$server/status"; }
since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# The rows to add, as one INSERT ... SELECT: every person, repeated, from a
# template activity, with varied dates, hours, titles and providers.
# $1: the row-number source ("n" with a column i); $2: the date
# expression; $3: how many rows to add.
insert_sql() {
  cat <<SQL
INSERT INTO cpd_activities (person_id, start_date, title, category_id, quarter_hours,
  provider, learning_objective, what_i_learnt, change_to_practice,
  benefit_to_service_users, follow_up, in_protected_time, created_at, updated_at)
SELECT p.id, $2,
  'Journal club, paper ' || n.i || ': "dose verification" review',
  t.category_id, 1 + (n.i * 7) % 32,
  CASE WHEN n.i % 3 = 0 THEN NULL ELSE 'IPEM regional meeting' END,
  'Understand the method', 'PRIVATE REFLECTION: what I learnt from paper ' || n.i,
  'Changed how I check plans', 'Fewer repeat scans for patients', 'Present at the next meeting',
  t.in_protected_time, t.created_at, t.updated_at
FROM people p CROSS JOIN $1
CROSS JOIN (SELECT * FROM cpd_activities ORDER BY id LIMIT 1) t
LIMIT $3
SQL
}

load() { # backend
  "$bin" migrate >/dev/null
  "$bin" seed-demo >/dev/null
  "$bin" seed-scale --people 2960 --in-head-department 290 >/dev/null
  local people have per started
  started=$(date +%s.%N)
  if [ "$1" = SQLite ]; then
    people="$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM people')"
    have="$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM cpd_activities')"
    per=$(( rows_wanted / people + 1 ))
    sqlite3 "$work/bench.db" "PRAGMA journal_mode=WAL; BEGIN;
      $(insert_sql "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $per) SELECT i FROM s) n" \
        "date(t.start_date, '-' || (n.i % 700) || ' days')" $(( rows_wanted - have )));
      COMMIT; ANALYZE;" >/dev/null
    echo "  $(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM cpd_activities') CPD activities ($(du -m "$work/bench.db" | cut -f1) MB database)"
  else
    people="$(psql "$DATABASE_URL" -Atc 'SELECT COUNT(*) FROM people')"
    have="$(psql "$DATABASE_URL" -Atc 'SELECT COUNT(*) FROM cpd_activities')"
    per=$(( rows_wanted / people + 1 ))
    psql "$DATABASE_URL" -qc "$(insert_sql "generate_series(1, $per) AS n(i)" "t.start_date - (n.i % 700)" $(( rows_wanted - have )))" -c 'ANALYZE'
    echo "  $(psql "$DATABASE_URL" -Atc 'SELECT COUNT(*) FROM cpd_activities') CPD activities ($(psql "$DATABASE_URL" -Atc "SELECT pg_database_size(current_database()) / 1048576") MB database)"
  fi
  echo "  loaded in $(since "$started") s"
}

bench_backend() { # name
  echo "== $1"
  load "$1"
  start
  echo "  peak RSS after start-up: $(peak)"
  curl -fs -c "$work/hr.jar" -o /dev/null -d email=hr@demo.test -d password=demo-portal-2026 "$base/api/session/sign-in"
  for run in 1 2 3; do
    local out="$work/export.csv" figures
    figures="$(curl -fsS -b "$work/hr.jar" -o "$out" -w '%{time_starttransfer} %{time_total} %{size_download}' "$base/exports/cpd-activities.csv")"
    local lines
    lines="$(wc -l < "$out")"
    grep -q 'PRIVATE REFLECTION' "$out" && { echo "a reflection was exported"; exit 1; }
    echo "$figures $lines" | awk -v run="$run" '{ rows = $4 - 1; printf "  run %s: %d rows, %.1f MB, first byte %.3f s, total %.2f s, %.0f rows/s\n", run, rows, $3 / 1048576, $1, $2, rows / $2 }'
    rm -f "$out"
  done
  echo "  peak RSS after three downloads: $(peak)"
  local started pids=()
  started=$(date +%s.%N)
  for i in 1 2 3 4; do
    curl -fsS -b "$work/hr.jar" -o "$work/parallel-$i.csv" "$base/exports/cpd-activities.csv" & pids+=($!)
  done
  wait "${pids[@]}"
  echo "  four at once: $(cat "$work"/parallel-*.csv | wc -l | awk '{ print $1 - 4 }') rows in $(since "$started") s; peak RSS $(peak)"
  rm -f "$work"/parallel-*.csv
  stop
}

export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
bench_backend SQLite

pg="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
if command -v psql >/dev/null && psql "$pg/postgres" -qc 'SELECT 1' >/dev/null 2>&1; then
  psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS mpce_bench_export' -c 'CREATE DATABASE mpce_bench_export'
  export DATABASE_URL="$pg/mpce_bench_export"
  bench_backend PostgreSQL
  psql "$pg/postgres" -qc 'DROP DATABASE IF EXISTS mpce_bench_export'
else
  echo "== PostgreSQL: not reachable at $pg, skipped"
fi
