#!/usr/bin/env bash
# `npm run bench`: libwbxml C baseline + our codec in-process (one run, one ratio), then the CLI folder bench.
# See bench/README.md for what each number means.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out

# pkg-config's --libs for libwbxml2 carries a bogus relative -L on Debian 12; the library is on the default path.
gcc -O2 -Wall -Wno-deprecated-declarations bench/c/wbxml_bench.c -o bench/out/wbxml_bench \
	$(pkg-config --cflags --libs libwbxml2)

npx tsx bench/codec-bench.ts --docs "${BENCH_DOCS:-100000}"
npx tsx bench/cli-bench.ts --files "${BENCH_FILES:-10000}" --loop-files "${BENCH_LOOP_FILES:-1000}"
