# Shared by the bench scripts (sourced after they set bin, base and work):
# starting and stopping the server under test, and a median.

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# Starts "$bin serve" (log filter: the first argument, else $MPCE_LOG, else
# warn) and waits until it answers; sets $server to its pid.
start() {
  MPCE_LOG="${1:-${MPCE_LOG:-warn}}" "$bin" serve > "$work/server.log" 2>&1 & server=$!
  for _ in $(seq 200); do curl -fs "$base/sign-in" >/dev/null && return; sleep 0.1; done
  echo "the server did not start"; cat "$work/server.log"; exit 1
}

stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
