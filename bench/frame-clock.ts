// studio-bench --frame-clock: splits each keystroke's (a) into the renderer main thread's own work and the time it sat
// idle waiting for the frame clock, from a trace with the compositor scheduler's events.
//
// Why: a keystroke whose frame is late is not always late because of work. Chromium's compositor (cc::Scheduler)
// listens to the display's BeginFrames only while it has something to draw and for one tick after each frame it
// submitted; a tick that comes while nothing is due is consumed idle ("BeginFrameDropped") and the renderer stops
// listening. A keystroke that arrives then asks for a frame and waits for the next tick (up to 16.7 ms), while a
// keystroke arriving at a renderer that was not listening gets the tick it missed at once. So on a page that paints
// something between keystrokes (our findings and bytes), some keystrokes wait for the clock though the main thread is
// idle: this says how many, and what (a) is without them.

/** The trace categories the split needs, on top of devtools.timeline. */
export const FRAME_CLOCK_CATEGORIES = ['cc', 'disabled-by-default-cc.debug.scheduler'];

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { name?: string; data?: Record<string, unknown> } };

export interface KeyTiming {
	/** keydown event.timeStamp, page clock (ms). */
	t0: number;
	/** (a), ms from t0. */
	frame: number;
}

/** Requests from the main thread for a frame (a rAF, a layer change, a commit), as the compositor thread sees them. */
const ASKS = new Set(['ProxyImpl::SetNeedsAnimateOnImplThread', 'ProxyImpl::SetNeedsUpdateLayersOnImplThread', 'ProxyImpl::SetNeedsCommitOnImplThread']);
/** A frame clock wait shorter than this is a tick that happened to come soon, not one the renderer had just consumed. */
const WAITED_MS = 3;

/**
 * Prints, for the keystrokes of one page, how many waited for the frame clock after an idle tick, (a) p50/p95 of
 * those and of the others, and per keystroke the ms of main-thread work and of waiting in its (a) for the slowest.
 * `origin`: trace time (µs) of the page's performance.now() 0.
 */
export function printFrameClock(json: string, origin: number, keys: readonly KeyTiming[], label: string, percentile: (v: readonly number[], p: number) => number): void {
	const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
	const thread = (name: string, pid?: number) => events.find((e) => e.name === 'thread_name' && e.args?.name === name && (pid === undefined || e.pid === pid));
	const main = thread('CrRendererMain');
	const compositor = main && thread('Compositor', main.pid);
	if (main === undefined || compositor === undefined) {
		console.log(`  frame clock, ${label}: the trace has no renderer main or compositor thread`);
		return;
	}
	const on = (t: TraceEvent) => events.filter((e) => e.pid === t.pid && e.tid === t.tid).sort((x, y) => x.ts - y.ts);
	const cc = on(compositor);
	const asks = cc.filter((e) => ASKS.has(e.name));
	const ticks = cc.filter((e) => e.name === 'Scheduler::BeginFrame');
	const dropped = cc.filter((e) => e.name === 'Scheduler::BeginFrameDropped');
	// Top-level tasks of the main thread (each traced as RunTask).
	const tasks = on(main).filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.dur !== undefined);
	const first = <T extends TraceEvent>(list: readonly T[], from: number): T | undefined => list.find((e) => e.ts >= from);

	const rows = keys.map((key) => {
		const from = origin + key.t0 * 1000;
		const to = from + key.frame * 1000;
		let busy = 0;
		for (const t of tasks) if (t.ts < to && t.ts + (t.dur ?? 0) > from) busy += Math.min(to, t.ts + (t.dur ?? 0)) - Math.max(from, t.ts);
		const ask = first(asks, from);
		const tick = ask && first(ticks, ask.ts);
		const clockWait = ask && tick && tick.ts < to ? (tick.ts - ask.ts) / 1000 : 0;
		// The tick before the ask went by idle: the renderer had consumed it, so this keystroke waits for the next.
		const idleTick = ask !== undefined && dropped.some((d) => d.ts <= ask.ts && d.ts > ask.ts - 17_000);
		// When the frame was asked for and when the next BeginFrame came, ms from keydown.
		const when = ask && tick ? `asked +${((ask.ts - from) / 1000).toFixed(1)}, BeginFrame +${((tick.ts - from) / 1000).toFixed(1)}` : 'no ask traced';
		return { a: key.frame, busy: busy / 1000, clockWait, waited: idleTick && clockWait >= WAITED_MS, when };
	});
	// What the main thread ran inside the keystrokes' (a), by event (nested events counted in each), per keystroke.
	const inside = new Map<string, number>();
	const mainEvents = on(main).filter((e) => e.ph === 'X' && e.dur !== undefined);
	for (const key of keys) {
		const from = origin + key.t0 * 1000;
		const to = from + key.frame * 1000;
		for (const e of mainEvents) {
			if (e.ts < from || e.ts + (e.dur ?? 0) > to) continue;
			const type = e.args?.data?.type;
			const name = e.name === 'EventDispatch' && typeof type === 'string' ? `${e.name} ${type}` : e.name;
			inside.set(name, (inside.get(name) ?? 0) + (e.dur ?? 0));
		}
	}
	const waited = rows.filter((r) => r.waited);
	const others = rows.filter((r) => !r.waited);
	const fmt = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(1));
	console.log(
		`  frame clock, ${label}: ${waited.length} of ${rows.length} keystrokes waited for the next tick after an idle one ` +
			`((a) p50 ${fmt(percentile(waited.map((r) => r.a), 50))} p95 ${fmt(percentile(waited.map((r) => r.a), 95))} ms, the wait p50 ${fmt(percentile(waited.map((r) => r.clockWait), 50))} ms); ` +
			`the others (a) p50 ${fmt(percentile(others.map((r) => r.a), 50))} p95 ${fmt(percentile(others.map((r) => r.a), 95))} ms; ` +
			`main-thread work in (a) p50 ${fmt(percentile(rows.map((r) => r.busy), 50))} p95 ${fmt(percentile(rows.map((r) => r.busy), 95))} ms`
	);
	// Over the whole typing: the renderer's frames and the ticks it listened to, a keystroke. Every tick listened to is
	// time a keystroke would wait for the clock instead of getting its frame at once.
	const first0 = origin + keys[0].t0 * 1000;
	const last0 = origin + (keys[keys.length - 1].t0 + keys[keys.length - 1].frame) * 1000;
	const within = (list: readonly TraceEvent[]) => list.filter((e) => e.ts >= first0 && e.ts <= last0).length / Math.max(1, keys.length - 1);
	const frames = on(main).filter((e) => e.name === 'ProxyMain::BeginMainFrame' && e.ph === 'X');
	console.log(`    a keystroke: ${within(frames).toFixed(2)} main frames, ${within(ticks).toFixed(2)} ticks listened to, ${within(dropped).toFixed(2)} of them idle`);
	const top = [...inside].filter(([name]) => name !== 'RunTask' && name !== 'ThreadControllerImpl::RunTask').sort((x, y) => y[1] - x[1]).slice(0, 14);
	console.log(`    inside (a), ms a keystroke (nested events counted in each): ${top.map(([name, us]) => `${name} ${(us / 1000 / keys.length).toFixed(2)}`).join(' | ')}`);
	const slowest = [...rows].sort((x, y) => y.a - x.a).slice(0, 8);
	console.log(`    slowest (a): ${slowest.map((r) => `${fmt(r.a)} = work ${fmt(r.busy)} + idle ${fmt(r.a - r.busy)}${r.waited ? ` (clock ${fmt(r.clockWait)})` : ''} [${r.when}]`).join('\n      ')}`);
}
