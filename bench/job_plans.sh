#!/usr/bin/env bash
# Job-plan figures for issue 4, on a release build over a fresh SQLite
# database with the demo organisation:
#   - the team view of a head of service whose department holds 300 people
#     with plans (page and server function, single requests, then wrk);
#   - a plan of 40 activities: saving it, and its plan and editor pages;
#   - in Chromium (when end2end's packages are installed): the 40-activity
#     editor from navigation to hydrated, and one recalculation of its grid
#     and totals after a keystroke.
# Usage: bench/job_plans.sh [path to the release binary]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath "${1:-$here/target/release/mpce-portal}")"
port="${BENCH_PORT:-3951}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "bench needs wrk (apt-get install wrk)"; exit 1; }

export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$here/target/site"
export MPCE_LOG=warn
"$bin" seed-demo >/dev/null

# Bench data only: 300 more people in the head of service's department, each
# with a signed-off plan of 10 activities, written straight into the file.
python3 - "$work/bench.db" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
head, department = db.execute("SELECT id, department_id FROM people WHERE email = 'head@demo.test'").fetchone()
year = db.execute("SELECT MAX(year_start) FROM job_plans").fetchone()[0]
for n in range(300):
    cur = db.execute(
        "INSERT INTO people (staff_id, name, email, staff_group, job_role, band, contracted_hours, department_id,"
        " team_id, line_manager_id, start_date, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (f"BENCH{n:05}", f"Bench Person {n:03}", f"bench{n}@demo.test", "Healthcare Scientists", "Clinical Scientist",
         "7", 37.5, department, None, head, "2015-04-01", now, now))
    person = cur.lastrowid
    status = "signed_off" if n % 10 else "submitted"
    cur = db.execute(
        "INSERT INTO job_plans (person_id, year_start, version, status, contract_kind, contract_amount, leave_days,"
        " public_holidays, study_leave_days, lock_version, submitted_at, agreed_by_person_id, agreed_at,"
        " signed_off_by_person_id, signed_off_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (person, year, 1, status, "afc", 37.5, 27, 8, 0, 3, now, head, now,
         head if status == "signed_off" else None, now if status == "signed_off" else None, now, now))
    plan = cur.lastrowid
    for i, day in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday"]):
        for start, end, category in ((540, 750, "dcc"), (780, 1020, "spa" if i == 4 else "dcc")):
            db.execute(
                "INSERT INTO job_plan_activities (job_plan_id, position, day, start_minute, end_minute, category,"
                " description, location, recurrence, every_n_weeks, weeks_per_year) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (plan, i * 2 + (start > 750), day, start, end, category, "Clinical service", "", "every", None, 42.0))
db.commit()
print("department size:", db.execute("SELECT COUNT(*) FROM people WHERE department_id = ?", (department,)).fetchone()[0])
PY

"$bin" serve & server=$!
for _ in $(seq 100); do curl -fs "$base/sign-in" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS|VmHWM/ { printf "%s %.0f MB  ", $1, $2 / 1024 } END { print "" }' "/proc/$server/status"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
sign_in() {
  curl -fs -c "$work/$1.jar" -o /dev/null -d "email=$1@demo.test" -d password=demo-portal-2026 "$base/api/session/sign-in"
}
timed() { # label, then curl arguments; 20 requests
  local label="$1"; shift
  local times bytes
  times="$(for _ in $(seq 20); do curl -fs -o /dev/null -w '%{time_total}\n' "$@"; done)"
  bytes="$(curl -fs "$@" | wc -c)"
  printf "%-48s median %.1f ms, max %.1f ms, %s bytes\n" "$label" \
    "$(echo "$times" | median | awk '{ print $1 * 1000 }')" \
    "$(echo "$times" | sort -n | tail -1 | awk '{ print $1 * 1000 }')" "$bytes"
}

sign_in head
cookie="mpce_session=$(awk '$6 == "mpce_session" { print $7 }' "$work/head.jar")"
rows="$(curl -fs -b "$work/head.jar" -X POST "$base/api/job-plans/team" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["rows"]), d["current"], d["percent"])')"
echo "team view rows, current, percent: $rows"
timed "team view page (head of service, 300+ people)" -b "$work/head.jar" -H 'accept: text/html' "$base/team/job-plans"
timed "team view server function" -b "$work/head.jar" -X POST "$base/api/job-plans/team"
wrk -t2 -c8 -d10s --latency -H "Cookie: $cookie" "$base/team/job-plans" | grep -E 'Requests/sec|^ +(50|99)%'
echo "memory after the team view: $(rss)"

sign_in staff
id="$(curl -fs -b "$work/staff.jar" -H 'accept: application/json' -d year= "$base/api/job-plans/start")"
python3 - "$id" > "$work/plan.json" <<'PY'
import json, sys
days = ["monday", "tuesday", "wednesday", "thursday", "friday"]
activities = [{
    "day": days[i // 8], "start": f"{8 + i % 8:02}:00", "end": f"{9 + i % 8:02}:00",
    "category": "spa" if i % 5 == 4 else "dcc", "description": f"Activity {i + 1}", "location": "Department",
    "recurrence": "every", "every_n_weeks": "", "weeks_per_year": "42"} for i in range(40)]
form = {"contract_kind": "afc", "contract_amount": "40", "leave_days": "27", "public_holidays": "8",
        "study_leave_days": "0", "on_call_frequency": "", "on_call_category": "", "on_call_hours": "",
        "activities": activities, "annualised": []}
print(json.dumps({"id": int(sys.argv[1]), "lock_version": 0, "form": form}))
PY
times=""
for n in $(seq 0 9); do
  sed "s/\"lock_version\": 0/\"lock_version\": $n/" "$work/plan.json" > "$work/plan-$n.json"
  times+="$(curl -fs -o /dev/null -w '%{time_total}' -b "$work/staff.jar" -H 'content-type: application/json' \
    --data-binary "@$work/plan-$n.json" "$base/api/job-plans/save")"$'\n'
done
printf "%-48s median %.1f ms\n" "saving a 40-activity plan (checked, 1 transaction)" \
  "$(echo "$times" | grep . | median | awk '{ print $1 * 1000 }')"
timed "40-activity plan page (grid, table, totals)" -b "$work/staff.jar" -H 'accept: text/html' "$base/job-plans/$id"
timed "40-activity editor page (server render)" -b "$work/staff.jar" -H 'accept: text/html' "$base/job-plans/$id/edit"
echo "memory at the end: $(rss)"
kill "$server"; server=""

if [ -d "$here/end2end/node_modules" ]; then
  echo "In Chromium (the same release binary, its own fresh database):"
  (cd "$here/end2end" && PORTAL_BIN="$bin" E2E_PORT=$((port + 1)) npx playwright test --config bench.config.ts --reporter=line 2>&1 | grep -E '40-activity|passed|failed|Error') || echo "  the browser measurement failed"
fi
