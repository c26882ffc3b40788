// DM tree URIs (OMA-TS-DM_TND-V1_2 §6 "Uniform Resource Identifiers"): segments separated by '/', the root is
// '.', and 'A/B' is the same node as './A/B'. Everything in this module works on the normalised './A/B' form.

export const ROOT = '.';

/** Why a URI is not usable, or undefined when it is fine. */
export function uriProblem(uri: string): string | undefined {
	if (uri === '') return 'the URI is empty';
	const body = uri === ROOT ? '' : uri.startsWith('./') ? uri.slice(2) : uri;
	if (body === '') return uri === ROOT ? undefined : 'the URI has no segment after "./"';
	const segments = body.endsWith('/') ? body.slice(0, -1).split('/') : body.split('/');
	for (const segment of segments) {
		if (segment === '') return `URI "${uri}" has an empty segment`;
		// TND §6: '.' and '..' are not node names; a relative step has no meaning in a management tree.
		if (segment === '.' || segment === '..') return `URI "${uri}" has a "${segment}" segment`;
	}
	return undefined;
}

/** './A/B' form of a valid URI: './' prefix added, one trailing '/' removed. */
export function normaliseUri(uri: string): string {
	if (uri === ROOT || uri === './') return ROOT;
	let body = uri.startsWith('./') ? uri.slice(2) : uri;
	if (body.endsWith('/')) body = body.slice(0, -1);
	return `./${body}`;
}

/** The segments below the root: './A/B' → ['A', 'B'], '.' → []. */
export function segmentsOf(uri: string): string[] {
	return uri === ROOT ? [] : uri.slice(2).split('/');
}

export function parentOf(uri: string): string | undefined {
	if (uri === ROOT) return undefined;
	const slash = uri.lastIndexOf('/');
	return slash <= 1 ? ROOT : uri.slice(0, slash);
}

export function childUri(parent: string, name: string): string {
	return `${parent}/${name}`;
}

export function lastSegment(uri: string): string {
	return uri.slice(uri.lastIndexOf('/') + 1);
}

/** Number of segments below the root. */
export function depthOf(uri: string): number {
	if (uri === ROOT) return 0;
	let depth = 0;
	for (let i = 1; i < uri.length; i++) if (uri.charCodeAt(i) === 47) depth++;
	return depth;
}
