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
	/** Appends bytes (the zip writer's ByteSink). */
	write(bytes: Uint8Array): Promise<void>;
	/** Bytes written so far. */
	written(): number;
	/** Makes the file whole (after the last write); returns its size. */
	commit(): Promise<number>;
	/** Drops what was written: no file is left. */
	discard(): Promise<void>;
}

/** Removes every file an earlier run left (its package, spools of a run that was stopped): one package is kept. */
export async function clearPackages(): Promise<void> {
	const folder = await packageFolder();
	const names: string[] = [];
	for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
	for (const name of names) await folder.removeEntry(name).catch(() => undefined);
}

export async function createPackageFile(name: string): Promise<PackageFile> {
	const folder = await packageFolder();
	const handle = await folder.getFileHandle(name, { create: true });
	const writer = (await handle.createWritable({ keepExistingData: false })).getWriter();
	let count = 0;
	let settled = false;
	return {
		name,
		async write(bytes) {
			await writer.write(bytes);
			count += bytes.length;
		},
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
