#!/usr/bin/env bash
# THE start command (`npm start`): builds the studio and serves it on 127.0.0.1 only (port 5173 or $PORT).
# `npm start -- --host 0.0.0.0 --port 8080` or HOST=... PORT=... to change.
# Card reader: when no pcscd runs, this starts one (scripts/card/pcsc-up.sh) and, when it finds no real reader,
# attaches the simulated card (`pstudio sim`, default profile, TEST keys ADM1 3838383838383838 / PIN1 0000) to the
# vpcd reader "Virtual PCD 00 00". Both are stopped on exit; a pcscd that was already running is left alone.
# PSTUDIO_NO_CARD=1 skips all of that.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5173}
while [ $# -gt 0 ]; do
	case "$1" in
		--host) HOST=$2; shift 2 ;;
		--host=*) HOST=${1#--host=}; shift ;;
		--port) PORT=$2; shift 2 ;;
		--port=*) PORT=${1#--port=}; shift ;;
		*) echo "start.sh: unknown option $1 (use --host H, --port P)" >&2; exit 2 ;;
	esac
done

CARD_DIR=$(mktemp -d)
SIM_PID=""
PCSCD_STARTED=""
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then kill -TERM "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
	if [ -n "$PCSCD_STARTED" ]; then bash scripts/card/pcsc-down.sh "$CARD_DIR" || true; fi
	rm -rf "$CARD_DIR"
}
trap cleanup EXIT
# The server gets the signal too (same process group on Ctrl-C; forwarded on a kill of this script) and shuts down
# gracefully; `exit` then runs the EXIT trap, which stops what this script started.
trap 'echo "start.sh: stopping" >&2; [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null; exit 130' INT
trap 'echo "start.sh: stopping" >&2; [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null; exit 143' TERM

# Debian packages for PC/SC (as scripts/test.sh installs them): only when one is missing.
install_card_packages() {
	local missing=""
	for p in pcscd libpcsclite-dev pcsc-tools vsmartcard-vpcd; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
	[ -z "$missing" ] && return 0
	echo "start.sh: installing:$missing" >&2
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

start_card_reader() {
	if pgrep -x pcscd >/dev/null; then
		echo "Card readers: pcscd is already running (pid $(pgrep -x pcscd | head -1)); the studio uses its readers." >&2
		return 0
	fi
	install_card_packages || { echo "start.sh: could not install the PC/SC packages; the Card page will find no reader" >&2; return 0; }
	bash scripts/card/pcsc-up.sh "$CARD_DIR" || { echo "start.sh: pcscd did not start; the Card page will find no reader" >&2; return 0; }
	PCSCD_STARTED=1
	# pcscd found the USB readers present at start; anything that is not a vpcd slot is a real reader.
	local real
	real=$(node bin/pstudio.js readers 2>/dev/null | cut -f1 | grep -v '^Virtual PCD ' | grep -v '^no readers$' || true)
	if [ -n "$real" ]; then
		echo "Card readers: $(echo "$real" | paste -sd, -) (real reader found: no simulated card attached)" >&2
		return 0
	fi
	# `pstudio sim` is one node process (the launcher imports the CLI in-process), so the PID we kill is the card itself.
	node bin/pstudio.js sim --vpcd-port 35963 >"$CARD_DIR/sim.log" 2>&1 &
	SIM_PID=$!
	for _ in $(seq 200); do
		grep -q 'card inserted' "$CARD_DIR/sim.log" && break
		kill -0 "$SIM_PID" 2>/dev/null || break
		sleep 0.05
	done
	if grep -q 'card inserted' "$CARD_DIR/sim.log"; then
		echo "Card reader: Virtual PCD 00 00 with the simulated card (TEST keys: ADM1 3838383838383838, PIN1 0000)" >&2
	else
		echo "start.sh: the simulated card did not attach; see below" >&2
		cat "$CARD_DIR/sim.log" >&2
	fi
}

bash scripts/lib/ensure-node-modules.sh
npx svelte-kit sync
npx vite build --logLevel warn
if [ -z "${PSTUDIO_NO_CARD:-}" ]; then start_card_reader; fi
echo "Provisioning Studio: http://$HOST:$PORT/  (card page: http://$HOST:$PORT/card)"
# Not exec: the traps above must outlive the server to stop pcscd and the simulated card.
# UV_THREADPOOL_SIZE: each PC/SC call holds one of libuv's threads while a card works (4 by default, shared with the
# server's file reads): the Batch page's station writes on every reader at once, and a card that never answers keeps
# its thread until it is taken out (bin/pstudio.js says more). libuv reads it once, as Node starts.
HOST=$HOST PORT=$PORT UV_THREADPOOL_SIZE=${UV_THREADPOOL_SIZE:-64} node build &
SERVER_PID=$!
set +e
wait "$SERVER_PID"
RC=$?
# A trapped signal interrupts wait; the trap exits. Otherwise the server ended by itself.
exit "$RC"
