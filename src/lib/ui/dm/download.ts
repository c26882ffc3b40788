// Saves bytes or text as a file from the browser (an object URL clicked through a temporary link).
export function downloadFile(name: string, data: Uint8Array | string, type: string): void {
	const blob = new Blob([typeof data === 'string' ? data : data.slice()], { type });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 0);
}
