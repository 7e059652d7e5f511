#!/usr/bin/env bash
# CPD figures for issue 3, on a release build over a fresh SQLite database
# with the demo organisation:
#   - the staff home page and the CPD list of a person with 500 activities
#     (single-request latency, then wrk -t2 -c8);
#   - uploading a 10 MB evidence file;
#   - building the CPD profile ZIP with 50 evidence files;
#   - the server's peak memory.
# Usage: bench/cpd.sh [path to the release binary]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/target/release/mpce-portal}"
port="${BENCH_PORT:-3950}"
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "bench needs wrk (apt-get install wrk)"; exit 1; }

export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$here/target/site"
export MPCE_LOG=warn
"$bin" seed-demo >/dev/null
"$bin" serve & server=$!
for _ in $(seq 100); do curl -fs "$base/sign-in" >/dev/null && break; sleep 0.1; done

jar="$work/cookies"
curl -fs -c "$jar" -o /dev/null -d email=staff@demo.test -d password=demo-portal-2026 "$base/api/session/sign-in"
cookie="mpce_session=$(awk '$6 == "mpce_session" { print $7 }' "$jar")"
category="$(curl -fs -b "$jar" -X POST "$base/api/cpd/categories" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"

echo "Recording 500 activities..."
start=$(date +%s.%N)
for i in $(seq 1 500); do
  day="$(date -u -d "-$(( (i * 7) / 5 + 1 )) days" +%F)"
  curl -fs -b "$jar" -o /dev/null \
    --data-urlencode "input[title]=Activity $i: departmental teaching and journal club" \
    --data-urlencode "input[category_id]=$category" \
    --data-urlencode "input[start_date]=$day" \
    --data-urlencode "input[hours]=1.5" \
    --data-urlencode "input[what_i_learnt]=Notes on what I learnt from activity $i" \
    "$base/api/cpd/create"
done
end=$(date +%s.%N)
printf "  500 creates in %.1f s (%.1f ms each)\n" "$(echo "$end - $start" | bc)" "$(echo "($end - $start) * 2" | bc -l)"

rss() { awk '/VmRSS|VmHWM/ { printf "%s %.0f MB  ", $1, $2 / 1024 } END { print "" }' "/proc/$server/status"; }
echo "memory after the 500 creates: $(rss)"
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for page in / /cpd; do
  times="$(for _ in $(seq 20); do curl -fs -b "$jar" -o /dev/null -w '%{time_total}\n' -H 'accept: text/html' "$base$page"; done)"
  bytes="$(curl -fs -b "$jar" -H 'accept: text/html' "$base$page" | wc -c)"
  printf "%-5s single request: median %.1f ms, max %.1f ms, %s bytes\n" "$page" \
    "$(echo "$times" | median | awk '{ print $1 * 1000 }')" \
    "$(echo "$times" | sort -n | tail -1 | awk '{ print $1 * 1000 }')" "$bytes"
  wrk -t2 -c8 -d10s --latency -H "Cookie: $cookie" "$base$page" | grep -E 'Requests/sec|^ +(50|99)%'
done

echo "memory after the page loads: $(rss)"
# Evidence: the activities ids, newest first.
ids=($(curl -fs -b "$jar" -X POST "$base/api/cpd/mine" | python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)["activities"]))'))
head -c 5 <<<"%PDF-" > "$work/big.pdf"; head -c $((10 * 1024 * 1024 - 5)) /dev/zero >> "$work/big.pdf"
head -c 5 <<<"%PDF-" > "$work/one.pdf"; head -c $((1024 * 1024 - 5)) /dev/zero >> "$work/one.pdf"
oldest="$(curl -fs -b "$jar" -X POST -d page=10 "$base/api/cpd/mine" | python3 -c 'import json,sys; print(json.load(sys.stdin)["activities"][-1]["id"])')"
echo "10 MB uploads (to an activity outside the profile's period):"
for _ in 1 2 3; do
  curl -fs -b "$jar" -o /dev/null -H 'accept: application/json' -F "file=@$work/big.pdf" \
    -w '  %{time_total} s, %{speed_upload} bytes/s\n' "$base/cpd/$oldest/evidence"
done | awk '{ printf "  %.0f ms, %.1f MB/s\n", $1 * 1000, $3 / 1048576 }'

echo "memory after the uploads: $(rss)"
echo "Uploading 50 files of 1 MB to recent activities..."
for n in $(seq 0 49); do
  curl -fs -b "$jar" -o /dev/null -H 'accept: application/json' -F "file=@$work/one.pdf;filename=evidence-$n.pdf" \
    "$base/cpd/${ids[$(( n / 10 ))]}/evidence"
done
for _ in 1 2 3; do
  curl -fs -b "$jar" -o "$work/profile.zip" -w '%{time_total} %{size_download}\n' "$base/cpd/profile/download"
done | awk '{ printf "profile ZIP: %.0f ms for %.1f MB\n", $1 * 1000, $2 / 1048576 }'
entries="$(python3 -c 'import sys, zipfile; print(len([n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("evidence/")]))' "$work/profile.zip")"
echo "  evidence files in the ZIP: $entries"
echo "memory after the ZIPs: $(rss)"
echo "server peak RSS: $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status")"
