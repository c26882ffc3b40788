#!/usr/bin/env bash
# `npm run bench`: every part in turn — codec (libwbxml C baseline + our codec in-process, one run, one ratio), cli
# (folder bench), start (one-file encode start-up vs `node -e 0`), sign (bootstrap MAC vs node:crypto), diff (DM
# tree diff vs a naive Map compare), card (write + read-back through pcscd vs opensc-tool), library (10,000 documents
# over fake-indexeddb: import, open, search, export, each vs a raw or linear-scan peer), autosave (one draft write of
# a 5,000- and a 20,000-line open document vs the bare store put of the same record), analysis (the analysis
# worker's work per keystroke typed into a value at 5,000 and 20,000 lines vs the same pipeline parsing each text
# whole, as before the reparser), studio (the Document page
# typed into in Chromium at 50/5,000/20,000 lines, against the page before its analysis worker), orders (order files
# streamed at 100k and 1M rows: rows/s and peak RSS per child process; the rows batch run holds, packed vs objects), batch (`pstudio batch export` of a generated
# 1M-row order, manufacturer package with NETWPIN: rows/s and peak RSS at 100k and 1M rows, and on 10,000 rows the
# shell loop of xml2wbxml + openssl dgst per row and pstudio encode --out-dir + pstudio sign per file, with ratios),
# ledger (the job ledger's cost per card: claim, writing, verified on SQLite, PostgreSQL and memory; a new ledger's fill
# against a statement per row), station
# (`pstudio batch run` cards/s with 1, 2 and 4 simulated readers on a private pcscd, APDUs per card, time per card;
# the Batch page's start on a 1M-row order against batch run's).
# `bash bench/run.sh sign diff` runs only the parts named.
# See bench/README.md for what each number means.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out

PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || PARTS=(codec cli start sign diff card library autosave analysis studio orders batch ledger station)
for part in "${PARTS[@]}"; do
	case "$part" in
		codec | cli | start | sign | diff | card | library | autosave | analysis | studio | orders | batch | ledger | station) ;;
		*)
			echo "bench/run.sh: unknown part '$part' (parts: codec cli start sign diff card library autosave analysis studio orders batch ledger station)" >&2
			exit 2
			;;
	esac
done

PCSC_DIR=""
PG_DIR=""
cleanup() {
	# pg-down.sh stops only the cluster pg-up.sh started in PG_DIR (the ledger part's throwaway PostgreSQL).
	if [ -n "$PG_DIR" ]; then
		bash scripts/pg/pg-down.sh "$PG_DIR" || true
		rm -rf "$PG_DIR"
	fi
	# pcsc-down.sh stops only the pcscd whose PID file pcsc-up.sh wrote, i.e. one this script started.
	if [ -n "$PCSC_DIR" ]; then
		bash scripts/card/pcsc-down.sh "$PCSC_DIR" || true
		rm -rf "$PCSC_DIR"
	fi
}
trap cleanup EXIT

for part in "${PARTS[@]}"; do
	case "$part" in
		codec)
			# pkg-config's --libs for libwbxml2 carries a bogus relative -L on Debian 12; the library is on the default path.
			gcc -O2 -Wall -Wno-deprecated-declarations bench/c/wbxml_bench.c -o bench/out/wbxml_bench \
				$(pkg-config --cflags --libs libwbxml2)
			npx tsx bench/codec-bench.ts --docs "${BENCH_DOCS:-100000}"
			;;
		cli)
			npx tsx bench/cli-bench.ts --files "${BENCH_FILES:-10000}" --loop-files "${BENCH_LOOP_FILES:-1000}"
			;;
		start)
			npx tsx bench/start-bench.ts --runs "${BENCH_START_RUNS:-21}"
			;;
		sign)
			npx tsx bench/sign-bench.ts --docs "${BENCH_SIGN_DOCS:-100000}" --batch "${BENCH_SIGN_BATCH:-256}"
			;;
		diff)
			npx tsx bench/diff-bench.ts --nodes "${BENCH_DIFF_NODES:-10000}" --runs 5
			;;
		card)
			# One pcscd per machine (ORACLES.md §2.1): use a running one, start one only when none runs.
			if ! pgrep -x pcscd >/dev/null; then
				PCSC_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pstudio-bench-pcscd.XXXXXX")
				bash scripts/card/pcsc-up.sh "$PCSC_DIR"
			fi
			npx tsx bench/card-bench.ts
			;;
		library)
			npx tsx --expose-gc bench/library-bench.ts --docs "${BENCH_LIBRARY_DOCS:-10000}" --runs "${BENCH_LIBRARY_RUNS:-3}"
			;;
		autosave)
			npx tsx --expose-gc bench/autosave-bench.ts
			;;
		analysis)
			npx tsx bench/analysis-bench.ts
			;;
		studio)
			# The closing notes' figures: 100 keystrokes after 100 (V8 is still compiling the editor before), 50 on the
			# before page after 10 (its keystrokes take seconds at 20,000 lines).
			npx tsx bench/studio-bench.ts --keys "${BENCH_STUDIO_KEYS:-100}" --before-keys "${BENCH_STUDIO_BEFORE_KEYS:-50}" --warm "${BENCH_STUDIO_WARM:-100}" --before-warm "${BENCH_STUDIO_BEFORE_WARM:-10}"
			;;
		orders)
			npx tsx bench/orders-bench.ts --rows "${BENCH_ORDER_ROWS:-100000,1000000}"
			# The rows batch run holds while it writes cards: packed against the previous version's objects.
			npx tsx bench/station-rows-bench.ts --rows "${BENCH_STATION_ROWS:-1000000}"
			;;
		batch)
			npx tsx bench/batch-bench.ts --rows "${BENCH_BATCH_ROWS:-100000,1000000}" \
				--loop-rows "${BENCH_BATCH_LOOP_ROWS:-10000}" --sign-files "${BENCH_BATCH_SIGN_FILES:-${BENCH_BATCH_LOOP_ROWS:-10000}}"
			;;
		ledger)
			# The ledger's cost per card (claim, writing, verified) on SQLite, PostgreSQL and memory; a throwaway
			# PostgreSQL unless PSTUDIO_PG_URL names one. BENCH_CARD_MS: the card time to compare with.
			if [ -z "${PSTUDIO_PG_URL:-}" ]; then
				PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pstudio-bench-pg.XXXXXX")
				PSTUDIO_PG_URL=$(bash scripts/pg/pg-up.sh "$PG_DIR")
				export PSTUDIO_PG_URL
			fi
			npx tsx bench/ledger-bench.ts --cards "${BENCH_LEDGER_CARDS:-2000}" --card-ms "${BENCH_CARD_MS:-2000}"
			# A new ledger's fill before the first card, against the previous version's one statement per row.
			npx tsx bench/ledger-init-bench.ts --rows "${BENCH_LEDGER_INIT_ROWS:-1000000}"
			;;
		station)
			# Its own private pcscd (scripts/card/pcsc-private.sh, 4 vpcd readers), beside any running one; stopped at the end.
			npx tsx bench/station-bench.ts --cards "${BENCH_STATION_CARDS:-8}"
			# The Batch page's start on a bureau-sized order (sent in pieces, read, ledger filled) against batch run.
			npx tsx bench/station-page-bench.ts --rows "${BENCH_STATION_PAGE_ROWS:-1000000}"
			;;
	esac
done
