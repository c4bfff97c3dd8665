#!/usr/bin/env bash
# Wall time of `mutual show` (and `show --json`) on a 200-item plan, through
# the real CLI and daemon: one process start, one control-socket round trip,
# the daemon rendering the plan. Also the first `show` after a daemon
# restart (which starts the daemon and reloads the plan from SQLite).
#
#   bench/cli_show_bench.sh [BUILD_DIR]     (default build/rel)
#
# Prints medians of 20 runs (restart: 5), in milliseconds. Measures only.
set -euo pipefail
# No LAN discovery beacons from here: nothing may leave loopback (doc/discovery.md).
export MUTUAL_DISCOVERY=off
BUILD="${1:-build/rel}"
BIN="$(cd "$BUILD/bin" && pwd)"
HOME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/mutual-bench-XXXXXX")"
export MUTUAL_HOME="$HOME_DIR"
stop() { [[ -f "$HOME_DIR/mutuald.lock" ]] && kill "$(cat "$HOME_DIR/mutuald.lock")" 2>/dev/null || true; }
trap 'stop; sleep 0.2; rm -rf "$HOME_DIR"' EXIT

"$BIN/mutual" init --name Alex >/dev/null
"$BIN/mutual" new "Bench plan" --template relational >/dev/null
sections=(safety-meaning patterns bottom-lines helps at-the-edge power)
fields=(text text text text we_will text)
for i in $(seq 1 200); do
  k=$((i % ${#sections[@]}))
  id=$("$BIN/mutual" add "${sections[$k]}" \
    --field "${fields[$k]}=Item $i: a sentence or two of the kind people write in a plan, long enough to wrap once on a terminal." )
  if ((i % 2 == 0)); then "$BIN/mutual" agree "${id##* }" >/dev/null; fi
done

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000)); }
median() { sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'; }

text=$(for _ in $(seq 20); do ms "$BIN/mutual" show; done | median)
json=$(for _ in $(seq 20); do ms "$BIN/mutual" show --json; done | median)
cold=$(for _ in $(seq 5); do stop; sleep 0.3; ms "$BIN/mutual" show; done | median)
bytes=$("$BIN/mutual" show | wc -c)
echo "200-item plan ($bytes bytes of text): mutual show ${text} ms, show --json ${json} ms," \
  "first show after daemon restart ${cold} ms (medians)"
