#!/usr/bin/env bash
# THE start command (`npm start`): builds the studio and serves it on 127.0.0.1 only (port 5173 or $PORT).
# `npm start -- --host 0.0.0.0 --port 8080` or HOST=... PORT=... to change.
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

bash scripts/lib/ensure-node-modules.sh
npx svelte-kit sync
npx vite build --logLevel warn
echo "Provisioning Studio: http://$HOST:$PORT/"
# adapter-node reads HOST/PORT; exec so Ctrl-C and kill reach the server directly.
HOST=$HOST PORT=$PORT exec node build
