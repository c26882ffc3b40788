#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the ledger tests and the bench (issue 12), never the system's:
# initdb in a fresh temporary folder, a free port, listening on 127.0.0.1 only, trust authentication (local socket
# and 127.0.0.1 only; nothing else can connect), fsync on (the ledger's durability is what is tested).
# Usage: scripts/pg/pg-up.sh DIR
#   Writes DIR/pg.env (PSTUDIO_PG_URL=…, PSTUDIO_PG_DATA=…, PSTUDIO_PG_OSUSER=…), prints the
#   URL on stdout. `source DIR/pg.env` or `export PSTUDIO_PG_URL=$(scripts/pg/pg-up.sh DIR)`. Stop it with
#   scripts/pg/pg-down.sh DIR, which stops only the cluster this script started.
# As root (CI containers), initdb refuses to run: the cluster then belongs to the `postgres` user of Debian's
# package, or a system user `pstudio-pg` created for it, and lives in its own temporary folder (DIR may be a
# private 0700 folder of root's that this user cannot enter); the unix socket is in that folder.
set -euo pipefail
DIR=${1:?usage: pg-up.sh DIR}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
if [ -f "$DIR/pg.env" ]; then
	echo "pg-up: $DIR/pg.env exists: a cluster started here may still run; stop it with pg-down.sh $DIR first" >&2
	exit 3
fi

# The server binaries: Debian keeps them in /usr/lib/postgresql/<version>/bin (the newest wins); else the PATH.
PG_BIN=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
	if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then PG_BIN=$d; break; fi
done
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null; then PG_BIN=$(dirname "$(readlink -f "$(command -v initdb)")"); fi
if [ -z "$PG_BIN" ]; then
	echo "pg-up: no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package" >&2
	exit 4
fi

AS=()
OSUSER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	if id -u postgres >/dev/null 2>&1; then
		OSUSER=postgres
	else
		OSUSER=pstudio-pg
		id -u "$OSUSER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OSUSER"
	fi
	AS=(runuser -u "$OSUSER" --)
fi

DATA=$(mktemp -d "${TMPDIR:-/tmp}/pstudio-pg.XXXXXX")
[ "$(id -u)" -eq 0 ] && chown "$OSUSER" "$DATA"
chmod 0700 "$DATA"
# The server writes its log as its own user: inside its folder (pg-down.sh copies it to DIR before removing it).
LOG="$DATA/postgres.log"

# -A trust: local socket and 127.0.0.1/::1 host lines trust; listen_addresses below keeps it to this machine.
if ! "${AS[@]}" "$PG_BIN/initdb" -D "$DATA/data" -U pstudio -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1; then
	echo "pg-up: initdb failed; see $DIR/initdb.log" >&2
	rm -rf "$DATA"
	exit 5
fi

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

for attempt in 1 2 3; do
	PORT=$(free_port)
	# Another program may take the port between the probe and the start: try a new one.
	if "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA/data" -l "$LOG" -w -t 30 -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=100" start >/dev/null 2>&1; then
		URL="postgres://pstudio@127.0.0.1:$PORT/pstudio"
		if ! "${AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U pstudio pstudio >"$DIR/createdb.log" 2>&1; then
			echo "pg-up: createdb failed; see $DIR/createdb.log" >&2
			"${AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA/data" -m fast -w stop >/dev/null 2>&1 || true
			rm -rf "$DATA"
			exit 6
		fi
		{
			echo "PSTUDIO_PG_URL=$URL"
			echo "PSTUDIO_PG_DATA=$DATA"
			echo "PSTUDIO_PG_BIN=$PG_BIN"
			echo "PSTUDIO_PG_OSUSER=$OSUSER"
		} >"$DIR/pg.env"
		echo "pg-up: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data $DATA, pid $(head -1 "$DATA/data/postmaster.pid"))" >&2
		echo "$URL"
		exit 0
	fi
	echo "pg-up: start on port $PORT failed (attempt $attempt): $(tail -1 "$LOG" 2>/dev/null)" >&2
done
cp "$LOG" "$DIR/postgres.log" 2>/dev/null || true
rm -rf "$DATA"
exit 7
