#!/usr/bin/env bash
# Starts a private pcscd with 4 vpcd readers (the station's tests and bench: one card feeder slot per reader),
# beside any pcscd already running and without touching it: pcscd runs in its own mount namespace where DIR/run is
# bound over /run/pcscd, so its socket is DIR/run/pcscd.comm (clients set PCSCLITE_CSOCK_NAME to it) and the shared
# /run/pcscd is never written. Its vpcd slots listen on PORT..PORT+3 (two vpcd readers of 2 slots each: vpcd is
# built with 2 slots a reader), named "Virtual PCD 00 00", "Virtual PCD 00 01", "Virtual PCD B 00 00",
# "Virtual PCD B 00 01". Keep every slot connected (the card feeder does): vpcd waiting for a client on an
# unconnected slot holds up the others. Never -a: pcscd would log VERIFY ADM1 in clear.
# Usage: scripts/card/pcsc-private.sh DIR PORT      (needs root for unshare; stop with pcsc-down.sh DIR)
#   Writes DIR/pcscd.pid, DIR/pcscd.log, DIR/reader.conf.d/vpcd; prints the socket path on stdout when ready.
set -euo pipefail
DIR=${1:?usage: pcsc-private.sh DIR PORT}
PORT=${2:?usage: pcsc-private.sh DIR PORT}
case "$PORT" in ''|*[!0-9]*) echo "pcsc-private: PORT must be a number" >&2; exit 2;; esac
if [ "$PORT" -lt 1024 ] || [ "$PORT" -gt 65532 ]; then echo "pcsc-private: PORT must be 1024..65532" >&2; exit 2; fi
DIR=$(mkdir -p "$DIR" && cd "$DIR" && pwd)
mkdir -p "$DIR/run" "$DIR/reader.conf.d"
DRIVER=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
[ -f "$DRIVER" ] || { echo "pcsc-private: no vpcd driver at $DRIVER (apt-get install vsmartcard-vpcd)" >&2; exit 4; }
: >"$DIR/reader.conf.d/vpcd"
# The second reader loads its own copy of the driver: vpcd keeps its slots in static variables indexed by slot
# only, so two readers sharing one loaded copy answer each other's APDUs (seen here: one reader read the other's
# card). A copy at another path is another dlopen, with its own statics.
cp "$DRIVER" "$DIR/libifdvpcd-b.so"
for n in 0 1; do
	P=$((PORT + 2 * n))
	NAME="Virtual PCD"
	LIB=$DRIVER
	if [ "$n" = 1 ]; then NAME="Virtual PCD B"; LIB="$DIR/libifdvpcd-b.so"; fi
	printf 'FRIENDLYNAME "%s"\nDEVICENAME   /dev/null:%s\nLIBPATH      %s\nCHANNELID    %s\n\n' "$NAME" "$P" "$LIB" "$P" >>"$DIR/reader.conf.d/vpcd"
done
for p in $(seq "$PORT" $((PORT + 3))); do
	if ss -ltn | grep -q ":$p "; then echo "pcsc-private: port $p is taken" >&2; exit 3; fi
done
# setsid: not tied to the caller's terminal; exec keeps the PID the one we record.
unshare -m --propagation private sh -c "mount --bind '$DIR/run' /run/pcscd && exec setsid pcscd -f -d -c '$DIR/reader.conf.d'" >"$DIR/pcscd.log" 2>&1 </dev/null &
PID=$!
echo "$PID" >"$DIR/pcscd.pid"
for _ in $(seq 200); do
	if ! kill -0 "$PID" 2>/dev/null; then
		echo "pcsc-private: pcscd exited early; see $DIR/pcscd.log" >&2
		rm -f "$DIR/pcscd.pid"
		exit 4
	fi
	if [ -S "$DIR/run/pcscd.comm" ] && ss -ltn | grep -q ":$((PORT + 3)) "; then
		echo "$DIR/run/pcscd.comm"
		exit 0
	fi
	sleep 0.05
done
echo "pcsc-private: pcscd not ready after 10 s; stopping it" >&2
kill "$PID" 2>/dev/null || true
rm -f "$DIR/pcscd.pid"
exit 5
