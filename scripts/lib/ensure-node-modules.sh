#!/usr/bin/env bash
# `npm ci` when node_modules is missing or older than package-lock.json. Runs after the Debian packages are in,
# because pcsclite builds from source against libpcsclite-dev.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then exit 0; fi
npm ci --no-audit --no-fund
