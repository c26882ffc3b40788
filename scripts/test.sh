#!/usr/bin/env bash
# THE test command (`npm test`): system packages, npm dependencies, type check, build, pcscd, a throwaway
# PostgreSQL, then every vitest project (unit, fuzz, oracle, pcsc, ledger, e2e).
# Ends with exactly one line "N passed, N failed" and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

W=$(mktemp -d)
export PSTUDIO_FAILED_LIST="$W/failed.txt"
: >"$PSTUDIO_FAILED_LIST"
PASSED=0
FAILED=0
SKIPPED=0

# --- card services: one pcscd (with the vpcd reader driver) for the whole run; each card test attaches its own
# simulated card to a vpcd slot. The trap stops what this script started, and only that. ---
PCSCD_STARTED=""
start_card_services() {
	# vpcd's APDUs without loopback's 40 ms delayed ACK (loopback-quickack.sh says why); put back as found at the end.
	bash scripts/card/loopback-quickack.sh on "$W/quickack"
	if pgrep -x pcscd >/dev/null; then
		echo "pcscd is already running (pid $(pgrep -x pcscd | head -1)): the card tests use it" >&2
	elif bash scripts/card/pcsc-up.sh "$W/pcscd"; then
		PCSCD_STARTED=1
	else
		return 1
	fi
	export PSTUDIO_PCSCD=running
}
stop_card_services() {
	if [ -n "$PCSCD_STARTED" ]; then bash scripts/card/pcsc-down.sh "$W/pcscd" || true; PCSCD_STARTED=""; fi
	bash scripts/card/loopback-quickack.sh off "$W/quickack"
	return 0
}
# --- the job ledger's PostgreSQL (issue 12): a throwaway cluster in a temporary folder on a free port, never the
# system's (scripts/pg/pg-up.sh); the ledger tests fail, not skip, without PSTUDIO_PG_URL. ---
PG_STARTED=""
start_pg() {
	local url
	url=$(bash scripts/pg/pg-up.sh "$W/pg") || return 1
	PG_STARTED=1
	export PSTUDIO_PG_URL=$url
}
stop_pg() {
	if [ -n "$PG_STARTED" ]; then bash scripts/pg/pg-down.sh "$W/pg" || true; PG_STARTED=""; fi
	return 0
}
LIBRARIES_PID=""
cleanup() {
	# The libraries' vitest still running (the script interrupted): stop it and its workers.
	if [ -n "$LIBRARIES_PID" ]; then pkill -TERM -P "$LIBRARIES_PID" 2>/dev/null; kill "$LIBRARIES_PID" 2>/dev/null; fi
	stop_card_services
	stop_pg
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A step that is not a vitest test (install, type check, build) counts as one failed test when it fails,
# so the closing line never reads "0 failed" over a broken build.
step() {
	local name=$1
	shift
	echo "== $name"
	if "$@"; then return 0; fi
	echo "!! $name failed" >&2
	echo "!! $name failed" >>"$PSTUDIO_FAILED_LIST"
	FAILED=$((FAILED + 1))
	return 1
}

# --- Debian packages (ORACLES.md "Start/stop recipe"); apt-get update only when something is missing. ---
install_packages() {
	local pkgs="pcscd libpcsclite-dev pcsc-tools opensc vsmartcard-vpcd vsmartcard-vpicc python3-pycryptodome libwbxml2-utils libwbxml2-dev chromium postgresql p7zip-full unzip openssl"
	local missing=""
	for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
	[ -z "$missing" ] && return 0
	echo "installing:$missing"
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

step "system packages" install_packages
# After the packages: pcsclite builds from source against libpcsclite-dev. `npm ci` only when the lock changed.
step "npm dependencies" bash scripts/lib/ensure-node-modules.sh
step "svelte-kit sync" npx svelte-kit sync
step "type check" npx tsc --noEmit -p tsconfig.json
# The e2e project serves this build; it rebuilds by itself only when run alone (no PSTUDIO_BUILT).
if step "vite build" npx vite build --logLevel warn; then export PSTUDIO_BUILT=1; fi

step "pcscd" start_card_services
step "PostgreSQL" start_pg
source scripts/lib/run-vitest.sh

# One fuzz seed for the whole run (tests/fuzz/seed.ts), printed so a failure replays.
export PSTUDIO_FUZZ_SEED=${PSTUDIO_FUZZ_SEED:-$(node -e 'console.log(require("crypto").randomInt(0, 2 ** 31))')}
echo "== fuzz seed $PSTUDIO_FUZZ_SEED (replay: PSTUDIO_FUZZ_SEED=$PSTUDIO_FUZZ_SEED npx vitest run --project fuzz)"
# The pure libraries and the third-party oracles, one file at a time (vitest's default on 2 cores: two took 368 s
# against 376 s, the cores being busy with the oracles' and the CLI's processes already), run BESIDE the device
# tests: those mostly wait (cards answer at a real card's pace, stations are killed and restarted, leases expire), so
# the libraries' CPU work fills their waits. Measured on the 2-core CI machine: the whole run 750-822 s this way
# against 1,020-1,090 s one group after the other. The load makes the browser tests slower, not different: tests wait
# for the event they check (never a fixed time), which is how this overlap found a real lost edit in the forms. The
# libraries' output is kept in a file and printed after the device tests, so neither log is interleaved.
LIBRARIES_LOG="$W/libraries.log"
(
	start_vitest libraries unit,fuzz,oracle >"$LIBRARIES_LOG" 2>&1
	echo $? >"$W/libraries.rc"
) &
LIBRARIES_PID=$!
# Everything that shares pcscd, the vpcd slots, the PostgreSQL cluster or the built server runs one file at a time,
# and the browser tests after the card tests (the e2e card pages use the same pcscd).
run_vitest "cards and ledger" pcsc,ledger --no-file-parallelism
run_vitest browser e2e --no-file-parallelism
wait "$LIBRARIES_PID"
LIBRARIES_PID=""
echo "== vitest: libraries (ran beside the device tests; its output follows)"
cat "$LIBRARIES_LOG"
count_vitest libraries unit,fuzz,oracle "$(cat "$W/libraries.rc" 2>/dev/null || echo 1)"

stop_card_services
stop_pg

# Every failure once more, the last thing before the totals: the log's tail is what a CI page shows.
if [ -s "$PSTUDIO_FAILED_LIST" ]; then
	echo "== what failed ($(wc -l <"$PSTUDIO_FAILED_LIST") lines; each test's own output is further up)"
	cat "$PSTUDIO_FAILED_LIST"
fi
echo "$SKIPPED skipped or todo (one not declared in tests/declared-skips.json is also counted as failed)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
