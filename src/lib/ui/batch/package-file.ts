// The package being written, as a file of the origin private file system (OPFS): the worker streams the zip into it
// and the page downloads it from there, so the package is never whole in the tab's memory. Written through a
// FileSystemWritableFileStream: Chromium writes to a swap file and only a close() makes it the file, so a cancelled
// or failed run leaves nothing (abort(), then the entry removed in case an earlier run's file had the name).

/** Packages of this page live in one folder of the OPFS, so a new run can clear what older ones left. */
export const PACKAGE_FOLDER = 'batch-packages';

export async function packageFolder(): Promise<FileSystemDirectoryHandle> {
	const root = await navigator.storage.getDirectory();
	return root.getDirectoryHandle(PACKAGE_FOLDER, { create: true });
}

export interface PackageFile {
	readonly name: string;
	readonly writable: WritableStream<Uint8Array>;
	/** Bytes written so far. */
	written(): number;
	/** Makes the file whole (after the last write). */
	commit(): Promise<number>;
	/** Drops what was written: no file is left. */
	discard(): Promise<void>;
}

/** Removes every package an earlier run left: one package at a time is kept. */
export async function clearPackages(): Promise<void> {
	const folder = await packageFolder();
	const names: string[] = [];
	for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
	for (const name of names) await folder.removeEntry(name).catch(() => undefined);
}

export async function createPackageFile(name: string): Promise<PackageFile> {
	const folder = await packageFolder();
	const handle = await folder.getFileHandle(name, { create: true });
	const stream = await handle.createWritable({ keepExistingData: false });
	let count = 0;
	const writer = stream.getWriter();
	// A counting WritableStream in front of the file's: the zip writer gets this one.
	const writable = new WritableStream<Uint8Array>({
		async write(chunk) {
			await writer.write(chunk);
			count += chunk.length;
		},
		// The zip writer closes its stream at its end; the file is made whole by commit(), not by that close.
		close() {},
		abort() {}
	});
	let settled = false;
	return {
		name,
		writable,
		written: () => count,
		async commit() {
			settled = true;
			await writer.close();
			return count;
		},
		async discard() {
			if (settled) return;
			settled = true;
			await writer.abort().catch(() => undefined);
			await folder.removeEntry(name).catch(() => undefined);
		}
	};
}

/** The page's side: the package as a File (disk-backed), for a download link. */
export async function readPackage(name: string): Promise<File> {
	const folder = await packageFolder();
	return (await folder.getFileHandle(name)).getFile();
}

/** The page's side: whether a file of this name is in the package folder. */
export async function packageExists(name: string): Promise<boolean> {
	const folder = await packageFolder();
	return folder.getFileHandle(name).then(
		() => true,
		() => false
	);
}
