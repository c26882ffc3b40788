// When a document or version changed, as a list shows it: "just now", "4 min ago", "today 14:02",
// "yesterday 09:15", "3 Mar 14:02" (this year), "3 Mar 2024". Local time, 24-hour clock, English month names.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number): string => String(n).padStart(2, '0');

function sameDay(a: Date, b: Date): boolean {
	return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function whenText(time: number, now: number): string {
	const ago = now - time;
	if (ago >= 0 && ago < 60_000) return 'just now';
	if (ago >= 0 && ago < 3_600_000) return `${Math.floor(ago / 60_000)} min ago`;
	const at = new Date(time);
	const today = new Date(now);
	const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
	if (sameDay(at, today)) return `today ${clock}`;
	const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
	if (sameDay(at, yesterday)) return `yesterday ${clock}`;
	const day = `${at.getDate()} ${MONTHS[at.getMonth()]}`;
	return at.getFullYear() === today.getFullYear() ? `${day} ${clock}` : `${day} ${at.getFullYear()}`;
}

/** The full date and time, for a title attribute: 2025-03-01 14:02:09. */
export function exactTime(time: number): string {
	const at = new Date(time);
	return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}
