#!/usr/bin/env bash
# Stops the PostgreSQL cluster that pg-up.sh started in DIR (DIR/pg.env names its data folder) and removes that
# folder; never touches another cluster. Usage: scripts/pg/pg-down.sh DIR
set -euo pipefail
DIR=${1:?usage: pg-down.sh DIR}
ENV="$DIR/pg.env"
if [ ! -f "$ENV" ]; then
	echo "pg-down: no $ENV (nothing started here)" >&2
	exit 0
fi
DATA=$(sed -n 's/^PSTUDIO_PG_DATA=//p' "$ENV")
PG_BIN=$(sed -n 's/^PSTUDIO_PG_BIN=//p' "$ENV")
OSUSER=$(sed -n 's/^PSTUDIO_PG_OSUSER=//p' "$ENV")
case "$DATA" in
	*/pstudio-pg.*) ;;
	*)
		echo "pg-down: $ENV names data folder '$DATA', which pg-up.sh did not make; leaving it" >&2
		exit 3
		;;
esac
AS=()
[ "$(id -u)" -eq 0 ] && [ "$OSUSER" != root ] && AS=(runuser -u "$OSUSER" --)
if [ -f "$DATA/data/postmaster.pid" ]; then
	PID=$(head -1 "$DATA/data/postmaster.pid")
	if ! "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
		# Only the postmaster of this data folder (its PID file says which) is killed.
		echo "pg-down: pg_ctl stop failed; sending SIGKILL to postmaster $PID" >&2
		[ "$(ps -o comm= -p "$PID" 2>/dev/null || true)" = "postgres" ] && kill -9 "$PID" 2>/dev/null || true
	fi
	echo "pg-down: stopped PostgreSQL $PID" >&2
fi
cp "$DATA/postgres.log" "$DIR/postgres.log" 2>/dev/null || true
rm -rf "$DATA"
rm -f "$ENV"
