// DM tree URIs (OMA-TS-DM_TND-V1_2 §6 "Uniform Resource Identifiers"): segments separated by '/', the root is
// '.', and 'A/B' is the same node as './A/B'. Everything in this module works on the normalised './A/B' form.

export const ROOT = '.';

/**
 * How deep and long a URI may be. A device states its own limits in DevDetail/URI/MaxDepth, MaxTotLen and MaxSegLen
 * (OMA-TS-DM_StdObj-V1_2 §7.1.3.3; 0 there means unlimited). These defaults are what Android's OMA DM client for
 * Passpoint reports (AOSP com.android.server.wifi.hotspot2.omadm.DevDetailMo: 32, 2048, 64): a URI inside them is
 * one such a device takes, and no DM object the studio knows of comes near them (DMAcc is 7 deep).
 * They also bound the work a tree costs: every node's ancestors are named in full (diff's Add commands).
 */
export const URI_LIMITS = {
	/** DevDetail/URI/MaxDepth: segments below the root. */
	maxDepth: 32,
	/** DevDetail/URI/MaxTotLen: characters of the whole URI, './' included. */
	maxTotalLength: 2048,
	/** DevDetail/URI/MaxSegLen: characters of one segment. */
	maxSegmentLength: 64
} as const;

/** A URI as quoted in a message: never more than about 80 characters of it. */
export function shortUri(uri: string): string {
	return uri.length > 80 ? `${uri.slice(0, 77)}…` : uri;
}

/** Why a URI is not usable, or undefined when it is fine. */
export function uriProblem(uri: string): string | undefined {
	if (uri === '') return 'the URI is empty';
	const body = uri === ROOT ? '' : uri.startsWith('./') ? uri.slice(2) : uri;
	if (body === '') return uri === ROOT ? undefined : 'the URI has no segment after "./"';
	// Depth and length first, by counting: an over-long input is refused before it is split.
	const trimmed = body.endsWith('/') ? body.slice(0, -1) : body;
	const depth = depthOf(`./${trimmed}`);
	if (depth > URI_LIMITS.maxDepth) {
		return `the URI has ${depth} segments; the limit is ${URI_LIMITS.maxDepth} (DevDetail/URI/MaxDepth, StdObj §7.1.3.3)`;
	}
	const length = 2 + trimmed.length;
	if (length > URI_LIMITS.maxTotalLength) {
		return `the URI is ${length} characters long; the limit is ${URI_LIMITS.maxTotalLength} (DevDetail/URI/MaxTotLen, StdObj §7.1.3.3)`;
	}
	for (const segment of trimmed.split('/')) {
		if (segment === '') return `URI "${shortUri(uri)}" has an empty segment`;
		// TND §6: '.' and '..' are not node names; a relative step has no meaning in a management tree.
		if (segment === '.' || segment === '..') return `URI "${shortUri(uri)}" has a "${segment}" segment`;
		if (segment.length > URI_LIMITS.maxSegmentLength) {
			return `segment "${shortUri(segment)}" is ${segment.length} characters long; the limit is ${URI_LIMITS.maxSegmentLength} (DevDetail/URI/MaxSegLen, StdObj §7.1.3.3)`;
		}
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
