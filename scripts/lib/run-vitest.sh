# One vitest run, counted into PASSED / FAILED / SKIPPED by scripts/lib/count-vitest.mjs (sourced by
# scripts/test.sh, and by tests/unit/scripts/ with a stub in place of vitest).
#   run_vitest <name> <project,project,...> [vitest options...]
# Or in two halves, so two runs can overlap (test.sh runs the pure libraries beside the device tests):
#   start_vitest <name> <projects> [options...] &   (its output is best sent to a file)
#   count_vitest <name> <projects> <vitest exit status>
# $VITEST is the command that runs vitest (a stub in the script's own test); $W the scratch folder.
VITEST=${VITEST:-npx vitest}
start_vitest() {
	local name=$1 projects=$2
	shift 2
	local report="$W/vitest-$name.json"
	local args=()
	local p
	for p in ${projects//,/ }; do args+=(--project "$p"); done
	rm -f "$report"
	$VITEST run "${args[@]}" "$@" --reporter=default --reporter=json --outputFile.json="$report"
}
count_vitest() {
	local name=$1 projects=$2 rc=$3
	local report="$W/vitest-$name.json"
	local counts
	counts=$(node "$(dirname "${BASH_SOURCE[0]}")/count-vitest.mjs" "$report" "$rc" "$projects")
	local crc=$?
	local passed failed skipped rest
	read -r passed failed skipped rest <<<"$counts"
	# The counter itself must answer three integers; anything else is one more failure, never a silent 0.
	if [ "$crc" -ne 0 ] || ! [[ "$passed" =~ ^[0-9]+$ && "$failed" =~ ^[0-9]+$ && "$skipped" =~ ^[0-9]+$ ]] || [ -n "$rest" ]; then
		local why="!! vitest ($name): the report could not be counted (counter status $crc, output \"$counts\")"
		echo "$why" >&2
		# test.sh's list of failures, printed again before its closing line.
		if [ -n "${PSTUDIO_FAILED_LIST:-}" ]; then echo "$why" >>"$PSTUDIO_FAILED_LIST"; fi
		FAILED=$((FAILED + 1))
		return
	fi
	PASSED=$((PASSED + passed))
	FAILED=$((FAILED + failed))
	SKIPPED=$((SKIPPED + skipped))
	echo "== vitest: $name: $passed passed, $failed failed, $skipped skipped"
}
run_vitest() {
	local name=$1 projects=$2
	shift 2
	echo "== vitest: $name"
	start_vitest "$name" "$projects" "$@"
	count_vitest "$name" "$projects" $?
}
