#!/usr/bin/env bash
# Loopback ACKs without delay while the card tests run, and back as they were after.
# Usage: scripts/card/loopback-quickack.sh on STATEFILE | off STATEFILE
#
# Why: vpcd (vsmartcard's pcscd driver) sends each frame to the simulated card as two send() calls, the 2-byte
# length and then the body, on a socket without TCP_NODELAY. Nagle holds the body until the length is ACKed, and
# Linux delays that ACK (40 ms) because the card's side of the connection also sends. Every APDU through vpcd then
# costs ~45 ms here (100 SELECTs through scriptor: 5.2-5.6 s); with the loopback routes' `quickack 1` (iproute2,
# RTAX_QUICKACK) the same 100 take 0.09 s. Nothing else about the card path changes: same pcscd, same driver.
# Only root can change routes; anyone else keeps the slow path (the tests still pass, only slower). `off` puts back
# exactly the route lines `on` saved, so the machine is left as found.
set -uo pipefail
MODE=${1:?usage: loopback-quickack.sh on|off STATEFILE}
STATE=${2:?usage: loopback-quickack.sh on|off STATEFILE}
[ "$(id -u)" -eq 0 ] && command -v ip >/dev/null || exit 0
case "$MODE" in
	on)
		ip route show table local type local dev lo | grep -E '^local 127\.' >"$STATE.routes" || exit 0
		while IFS= read -r line; do
			case "$line" in *quickack*) continue ;; esac
			# shellcheck disable=SC2086 # the saved line is a route spec, word-split on purpose
			ip route change $line dev lo table local quickack 1 || true
		done <"$STATE.routes"
		echo "loopback-quickack: on (vpcd's APDUs without the 40 ms delayed ACK)" >&2
		;;
	off)
		[ -f "$STATE.routes" ] || exit 0
		while IFS= read -r line; do
			# shellcheck disable=SC2086
			ip route change $line dev lo table local || true
		done <"$STATE.routes"
		rm -f "$STATE.routes"
		;;
	*) echo "usage: loopback-quickack.sh on|off STATEFILE" >&2; exit 2 ;;
esac
