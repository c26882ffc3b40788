// A run: the order streamed from the File (file.stream(), in the worker) through the batch export pipeline into a
// package file of the origin private file system; the package kind's closing files (manifest.csv, rejected.csv)
// wait in OPFS spools, not in memory. Progress is posted at most every PROGRESS_INTERVAL_MS; the rejected rows go
// to the page as they come, up to MAX_REJECTED_SHOWN (the package's rejected.csv has them all). A cancel, or any
// failure, leaves no file: the package is discarded and the spools removed.
import { BatchError, bureauPackage, exportBatch, ManufacturerPackage, OrderError, OtaPackage, type PackageKind } from '../../batch';
import { OpfsSpool } from './opfs-spool';
import { clearPackages, createPackageFile, packageFolder } from './package-file';
import { compileTemplate, mapEntries } from './plan-view';
import { MAX_REJECTED_SHOWN, PROGRESS_INTERVAL_MS, type BatchResponse, type PackageKind as PackageChoice, type RejectedView, type RunRequest } from './protocol';

/** The package kind, its closing files spooled in OPFS. */
async function packageKind(choice: PackageChoice, spools: OpfsSpool[]): Promise<{ kind: PackageKind; spool: () => OpfsSpool }> {
	const folder = await packageFolder();
	// Spools are made before the export starts (the kinds make theirs in their constructor, synchronously; the
	// export asks for the zip's central directory's when it starts): three closing files at most, and the directory.
	const made = await Promise.all([0, 1, 2, 3].map((i) => OpfsSpool.create(folder, `spool-${i}`)));
	spools.push(...made);
	let next = 0;
	const spool = (): OpfsSpool => {
		const s = made[next++];
		if (s === undefined) throw new Error('internal: more spools asked for than made');
		return s;
	};
	const kind = choice === 'bureau' ? bureauPackage({ spool }) : choice === 'manufacturer' ? new ManufacturerPackage({ spool }) : new OtaPackage({ spool });
	return { kind, spool };
}

export async function runExport(request: RunRequest, signal: AbortSignal, post: (message: BatchResponse) => void): Promise<void> {
	const compiled = compileTemplate(request.template);
	if (!compiled.ok) throw new Error(`The template has errors: ${compiled.findings[0]?.message ?? 'it cannot be compiled'}`);
	await clearPackages();
	const spools: OpfsSpool[] = [];
	const file = await createPackageFile(`${request.packageKind}.zip`);
	const total = request.order.size;
	let pending: RejectedView[] = [];
	let shown = 0;
	const flushRejected = (): void => {
		if (pending.length === 0) return;
		post({ type: 'rejected', id: request.id, rows: pending });
		pending = [];
	};
	try {
		const chosen = await packageKind(request.packageKind, spools);
		const result = await exportBatch(compiled.template, request.order, chosen.kind, file, {
			sec: request.sec,
			mapping: mapEntries(request.mapping),
			// The central directory (~70 bytes a file) in OPFS too: nothing in the worker grows with the order.
			spool: chosen.spool,
			...(request.passphrase ? { protection: { passphrase: request.passphrase } } : {}),
			clearText: request.clearText,
			signal,
			// Every set-aside row, as the package kind is told it (rejected.csv has them all; the page shows the first).
			onSetAside: (r) => {
				if (shown >= MAX_REJECTED_SHOWN) return;
				shown++;
				pending.push({ row: r.row, line: r.line, column: r.column, reason: r.reason });
			},
			progressInterval: PROGRESS_INTERVAL_MS,
			onProgress: (p) => {
				flushRejected();
				post({ type: 'progress', id: request.id, progress: { rows: p.rows, rejected: p.rejected, read: p.consumed, total, elapsed: p.elapsedMs } });
			}
		});
		flushRejected();
		const size = await file.commit();
		post({ type: 'done', id: request.id, done: { rows: result.rows, rejected: result.rejected, accepted: result.good, read: total, total, elapsed: result.elapsedMs, file: file.name, size } });
	} catch (error) {
		await file.discard();
		if (signal.aborted) throw error;
		if (error instanceof OrderError || error instanceof BatchError) throw new Error(error.message);
		throw error;
	} finally {
		for (const s of spools) await s.remove();
	}
}
