// A run: the order streamed from the File through the batch export pipeline into a package file of the origin
// private file system, progress posted a few times a second, the rejected rows posted as they come (capped).
import { clearPackages, createPackageFile } from './package-file';
import { MAX_REJECTED_SHOWN, PROGRESS_INTERVAL_MS, type BatchResponse, type RunRequest } from './protocol';

export async function runExport(request: RunRequest, signal: AbortSignal, post: (message: BatchResponse) => void): Promise<void> {
	void MAX_REJECTED_SHOWN;
	void PROGRESS_INTERVAL_MS;
	void signal;
	void post;
	await clearPackages();
	const file = await createPackageFile(`${request.packageKind}.zip`);
	await file.discard();
	throw new Error('The export pipeline (src/lib/batch/export) is not in this build yet: the preview works, Run does not.');
}
