#!/usr/bin/env bash
# Edit-to-visible latency between two real daemons on loopback, and how
# long a device that was offline takes to catch up on N changes.
#
#   bench/peer_latency_bench.sh [BUILD_DIR] [N]     (defaults: build/rel, 2000)
#
# Latency: `mutual add` on Alex's device, then `mutual show --json` on Sam's
# polled until the item is there (median of 20; includes one CLI process
# start per poll, so it is an upper bound). Catch-up: Sam's daemon is
# stopped, Alex makes N changes, Sam's daemon starts and the time until the
# last change shows is measured. Measures only; asserts nothing.
set -euo pipefail
# No LAN discovery beacons from here: nothing may leave loopback (doc/discovery.md).
export MUTUAL_DISCOVERY=off
BUILD="${1:-build/rel}"
N="${2:-2000}"
BIN="$(cd "$BUILD/bin" && pwd)"
DIR="$(mktemp -d "${TMPDIR:-/tmp}/mutual-latency-XXXXXX")"
A="$DIR/alex" S="$DIR/sam"
mkdir -m 700 "$A" "$S"
stop() { [[ -f "$1/mutuald.lock" ]] && kill "$(cat "$1/mutuald.lock")" 2>/dev/null || true; }
trap 'stop "$A"; stop "$S"; sleep 0.2; rm -rf "$DIR"' EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }

"$BIN/mutuald" --home "$A" --listen 127.0.0.1:0 2>/dev/null &
"$BIN/mutuald" --home "$S" --listen 127.0.0.1:0 2>/dev/null &
"$BIN/mutual" --home "$A" init --name Alex >/dev/null
"$BIN/mutual" --home "$S" init --name Sam >/dev/null
"$BIN/mutual" --home "$A" new "Bench" >/dev/null
PORT="$("$BIN/mutual" --home "$A" status --json | sed -n 's/.*"tcp_port": *\([0-9]*\).*/\1/p')"
"$BIN/mutual" --home "$A" invite >"$DIR/invite" 2>&1 &
INVITE=$!
for _ in $(seq 500); do grep -q "pairing code:" "$DIR/invite" 2>/dev/null && break; sleep 0.01; done
CODE="$(sed -n 's/^pairing code: //p' "$DIR/invite")"
"$BIN/mutual" --home "$S" join "$CODE" --peer "127.0.0.1:$PORT" >/dev/null
wait "$INVITE"

visible() { until "$BIN/mutual" --home "$S" show --json | grep -q "$1"; do :; done; }
lat=()
for i in $(seq 20); do
  t0=$(ms)
  out="$("$BIN/mutual" --home "$A" add helps --field "text=latency $i")"
  visible "${out##* }"
  lat+=($(( $(ms) - t0 )))
done
median=$(printf '%s\n' "${lat[@]}" | sort -n | sed -n 10p)

stop "$S"; sleep 0.3
for i in $(seq "$N"); do
  "$BIN/mutual" --home "$A" add helps --field "text=offline $i" >/dev/null
done
last="$("$BIN/mutual" --home "$A" add helps --field "text=the last one")"
t0=$(ms)
"$BIN/mutuald" --home "$S" 2>/dev/null &
visible "${last##* }"
catchup=$(( $(ms) - t0 ))
echo "edit-to-visible (add on one device until show on the other): median ${median} ms of 20"
echo "catch-up after being offline for $((N + 1)) changes (restart to last change visible): ${catchup} ms"
