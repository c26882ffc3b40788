// How the Batch page says numbers: rows per second, the time left, sizes.

/** Rows per second over the run so far; 0 before the first rows. */
export function rowsPerSecond(rows: number, elapsedMs: number): number {
	return elapsedMs <= 0 ? 0 : (rows * 1000) / elapsedMs;
}

/** Time left from the share of the order read so far: undefined until there is something to go on. */
export function etaMs(read: number, total: number, elapsedMs: number): number | undefined {
	if (read <= 0 || total <= 0 || elapsedMs <= 0) return undefined;
	return Math.max(0, (elapsedMs * (total - read)) / read);
}

export function duration(ms: number | undefined): string {
	if (ms === undefined) return '—';
	// Short runs (a small order) in tenths: "0 s" would say nothing.
	if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s} s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m} min ${s % 60} s`;
	return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const NUMBER = new Intl.NumberFormat('en');

export function count(n: number): string {
	return NUMBER.format(Math.round(n));
}

export function bytes(n: number): string {
	if (n < 1024) return `${n} bytes`;
	if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
	if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
	return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
