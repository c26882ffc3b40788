#!/usr/bin/env bash
# Starts pcscd in the foreground (-f -d) for tests and the demo reader. Never with -a: pcscd would log every APDU,
# VERIFY ADM1 data included, in clear.
# Usage: scripts/card/pcsc-up.sh LOGDIR [--reuse]
#   Writes LOGDIR/pcscd.log and LOGDIR/pcscd.pid. Only one pcscd can run per machine (ORACLES.md §2.1): if one is
#   already running this refuses (rc 3) unless --reuse is given, in which case it leaves it alone, writes no PID
#   file (so pcsc-down.sh will not stop what it did not start) and exits 0.
# Ready = client socket /run/pcscd/pcscd.comm exists and vpcd listens on 35963 (checked with ss, never by
# connecting: vpcd takes any TCP client for a card).
set -euo pipefail
DIR=${1:?usage: pcsc-up.sh LOGDIR [--reuse]}
REUSE=${2:-}
mkdir -p "$DIR"
if pgrep -x pcscd >/dev/null; then
	if [ "$REUSE" = "--reuse" ]; then
		echo "pcsc-up: reusing running pcscd (pid $(pgrep -x pcscd | head -1))" >&2
		exit 0
	fi
	echo "pcsc-up: another pcscd is running (pid $(pgrep -x pcscd | head -1)); pass --reuse to use it" >&2
	exit 3
fi
# setsid: pcscd must not die with the caller's terminal/process group; we stop it by PID.
setsid pcscd -f -d >"$DIR/pcscd.log" 2>&1 </dev/null &
PID=$!
echo "$PID" >"$DIR/pcscd.pid"
for _ in $(seq 200); do
	if ! kill -0 "$PID" 2>/dev/null; then
		echo "pcsc-up: pcscd exited early; see $DIR/pcscd.log" >&2
		rm -f "$DIR/pcscd.pid"
		exit 4
	fi
	if [ -S /run/pcscd/pcscd.comm ] && ss -ltn | grep -q ':35963 '; then
		echo "pcsc-up: pcscd pid $PID ready" >&2
		exit 0
	fi
	sleep 0.05
done
echo "pcsc-up: pcscd not ready after 10 s; stopping it" >&2
kill "$PID" 2>/dev/null || true
rm -f "$DIR/pcscd.pid"
exit 5
