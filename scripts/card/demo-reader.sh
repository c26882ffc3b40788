#!/usr/bin/env bash
# A card reader to try the studio or the CLI without hardware: pcscd (started here unless one runs) and the
# simulated UICC on vpcd slot 0 ("Virtual PCD 00 00"), in the foreground until Ctrl-C, then both stopped.
# Usage: scripts/card/demo-reader.sh [pstudio sim options, e.g. --profile card.json --save card.json]
# The default profile's keys are TEST values: ADM1 3838383838383838, PIN1 0000.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=$(mktemp -d)
SIM_PID=""
cleanup() {
	if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then kill -TERM "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
	# pcsc-down only stops a pcscd that pcsc-up started (it wrote the PID file); --reuse writes none.
	bash scripts/card/pcsc-down.sh "$DIR" 2>/dev/null || true
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
bash scripts/card/pcsc-up.sh "$DIR" --reuse
node bin/pstudio.js sim --vpcd-port 35963 "$@" &
SIM_PID=$!
set +e
wait "$SIM_PID"
