#!/usr/bin/env bash
# `npm ci` when node_modules is missing or older than package-lock.json. Runs after the Debian packages are in,
# because pcsclite builds from source against libpcsclite-dev, and better-sqlite3 (the job ledger's SQLite) builds
# from source with node-gyp when no prebuilt binary for this Node is at hand (python3, make, g++).
# Both are allowed to run their install scripts in package.json's allowScripts.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! [ -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund
fi
# A node_modules copied from another machine or Node version holds a native addon this Node cannot load: build it
# again here rather than fail every ledger test with "was compiled against a different Node.js version".
if ! node -e 'new (require("better-sqlite3"))(":memory:").close()' >/dev/null 2>&1; then
	echo "better-sqlite3 does not load with $(node -v): rebuilding it from source" >&2
	npm rebuild better-sqlite3 --build-from-source --no-audit --no-fund
	node -e 'new (require("better-sqlite3"))(":memory:").close()'
fi
