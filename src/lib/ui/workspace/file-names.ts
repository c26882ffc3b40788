// Names of the files the studio offers for download, from the open document's own name: "APN Vodafone" →
// "APN Vodafone.wbxml". Characters that no file system takes (Windows' reserved set, controls) become "_".
export function fileBaseName(documentName: string): string {
	const cleaned = documentName
		.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
		.replace(/\.xml$/i, '')
		.trim()
		// A name of dots only, or ending in dots or spaces, is not a file name on Windows.
		.replace(/[. ]+$/, '');
	return cleaned === '' ? 'document' : cleaned.slice(0, 120);
}

export function downloadName(documentName: string, extension: string): string {
	return `${fileBaseName(documentName)}.${extension}`;
}

/** The library export's file name, dated: provisioning-studio-library-2025-03-01.json. */
export function libraryFileName(now: Date): string {
	const pad = (n: number): string => String(n).padStart(2, '0');
	return `provisioning-studio-library-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}
