#!/usr/bin/env bash
# Stops the pcscd that pcsc-up.sh started (PID from LOGDIR/pcscd.pid); never touches another pcscd.
# Usage: scripts/card/pcsc-down.sh LOGDIR
set -euo pipefail
DIR=${1:?usage: pcsc-down.sh LOGDIR}
PIDFILE="$DIR/pcscd.pid"
if [ ! -f "$PIDFILE" ]; then
	echo "pcsc-down: no $PIDFILE (nothing started here)" >&2
	exit 0
fi
PID=$(cat "$PIDFILE")
# Only signal it if that PID is still a pcscd (the PID may have been reused).
if [ "$(ps -o comm= -p "$PID" 2>/dev/null || true)" = "pcscd" ]; then
	kill "$PID"
	for _ in $(seq 100); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$PID" 2>/dev/null; then
		echo "pcsc-down: pcscd $PID ignored SIGTERM for 5 s; sending SIGKILL" >&2
		kill -9 "$PID" 2>/dev/null || true
	fi
fi
rm -f "$PIDFILE"
echo "pcsc-down: stopped pcscd $PID" >&2
