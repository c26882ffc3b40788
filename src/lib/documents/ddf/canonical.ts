// Canonical node values (OMA-RD-DM-V1_2 §6.3.4.16: management object definitions give canonical value
// representations so that a new and a current configuration compare unambiguously). One canonical text per
// DFFormat (OMA-TS-DM_TND-V1_2 §8.5.4.2.9–8.5.4.2.19); two values are equal when their `key`s are equal.
import { decodeBase64, encodeBase64 } from './base64';
import type { DfFormat } from './schema';

export type Canonical =
	| { ok: true; /** The form to send and show. */ value: string; /** The form to compare. */ key: string }
	| { ok: false; reason: string };

export interface CanonicalOptions {
	/** CaseSense CIS: chr values compare without regard to case (the studio's reading of TND §8.5.4.3.23). */
	caseInsensitive?: boolean;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function canonicalValue(format: DfFormat, raw: string, options: CanonicalOptions = {}): Canonical {
	switch (format) {
		case 'chr':
		case 'xml':
			return { ok: true, value: raw, key: format === 'chr' && options.caseInsensitive ? raw.toLowerCase() : raw };
		case 'bool':
			return canonicalBool(raw);
		case 'int':
			return canonicalInt(raw);
		case 'float':
			return canonicalFloat(raw);
		case 'b64':
		case 'bin':
			return canonicalBase64(raw);
		case 'date':
			return canonicalDate(raw);
		case 'time':
			return canonicalTime(raw);
		case 'node':
			// TND §8.5.4.2.14: an interior node has no value.
			return raw === '' ? { ok: true, value: '', key: '' } : { ok: false, reason: `an interior node (format node) has no value, found "${raw}"` };
		case 'null':
			return raw === '' ? { ok: true, value: '', key: '' } : { ok: false, reason: `format null has no value, found "${raw}"` };
	}
}

/** True when both values are valid and canonically equal, or (for invalid ones) textually equal. */
export function sameValue(format: DfFormat, a: string, b: string, options: CanonicalOptions = {}): boolean {
	if (a === b) return true;
	const ca = canonicalValue(format, a, options);
	const cb = canonicalValue(format, b, options);
	return ca.ok && cb.ok && ca.key === cb.key;
}

// SyncML MetaInf 1.2 and XML Schema boolean: the words true/false; written in any case by real devices.
function canonicalBool(raw: string): Canonical {
	const lower = raw.toLowerCase();
	if (lower === 'true' || lower === 'false') return { ok: true, value: lower, key: lower };
	return { ok: false, reason: `"${raw}" is not a bool, expected true or false` };
}

// TND §8.5.4.2.13: a 32-bit signed integer, written in decimal.
function canonicalInt(raw: string): Canonical {
	const match = /^([+-]?)([0-9]+)$/.exec(raw);
	if (!match) return { ok: false, reason: `"${raw}" is not an int, expected an optional sign and decimal digits` };
	const digits = match[2].replace(/^0+(?=[0-9])/, '');
	const value = digits === '0' ? '0' : match[1] === '-' ? `-${digits}` : digits;
	const number = Number(value);
	if (digits.length > 10 || number < INT32_MIN || number > INT32_MAX) {
		return { ok: false, reason: `"${raw}" is outside the 32-bit signed range ${INT32_MIN}..${INT32_MAX}` };
	}
	return { ok: true, value, key: value };
}

// TND §8.5.4.2.19: single precision float as XML Schema's float (lexical: decimal or exponent, INF, -INF, NaN).
// Values are compared after rounding to float32; the canonical text is the shortest that rounds back.
function canonicalFloat(raw: string): Canonical {
	if (raw === 'INF' || raw === '+INF') return { ok: true, value: 'INF', key: 'INF' };
	if (raw === '-INF') return { ok: true, value: '-INF', key: '-INF' };
	if (raw === 'NaN') return { ok: true, value: 'NaN', key: 'NaN' };
	if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(raw)) {
		return { ok: false, reason: `"${raw}" is not a float, expected e.g. 1.5, -2E3, INF or NaN` };
	}
	const single = Math.fround(Number(raw));
	if (!Number.isFinite(single)) return { ok: false, reason: `"${raw}" is outside the single precision range` };
	if (single === 0) return { ok: true, value: '0', key: '0' };
	let text = String(single);
	for (let precision = 1; precision <= 9; precision++) {
		const candidate = single.toPrecision(precision);
		if (Math.fround(Number(candidate)) === single) {
			text = String(Number(candidate));
			break;
		}
	}
	return { ok: true, value: text, key: text };
}

// b64: the value is base64 text; bin: binary data, carried in XML and in our trees as base64
// (TND §8.3.7.2: binary is base64-encoded while it travels over XML). Both compare by their bytes.
function canonicalBase64(raw: string): Canonical {
	const bytes = decodeBase64(raw);
	if (typeof bytes === 'string') return { ok: false, reason: bytes };
	const value = encodeBase64(bytes);
	return { ok: true, value, key: value };
}

// TND §8.5.4.2.17: a date "in ISO 8601 format with the century being included in the year". ISO 8601 allows
// the basic (YYYYMMDD) and extended (YYYY-MM-DD) forms of a complete calendar date; the extended one is canonical.
function canonicalDate(raw: string): Canonical {
	const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(raw) ?? /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(raw);
	if (!match) {
		return { ok: false, reason: `"${raw}" is not an ISO 8601 date, expected YYYY-MM-DD or YYYYMMDD` };
	}
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
	if (days === undefined || day < 1 || day > days) return { ok: false, reason: `"${raw}" is not a calendar date` };
	const value = `${match[1]}-${match[2]}-${match[3]}`;
	return { ok: true, value, key: value };
}

// TND §8.5.4.2.18: a time "in ISO 8601 format": hh:mm[:ss[.fff]] (extended) or hhmm[ss[.fff]] (basic), then
// optionally Z or ±hh[:mm] / ±hhmm. Canonical: extended, seconds written, fraction without trailing zeros,
// zone Z for UTC (+00:00 is the same offset) and ±hh:mm otherwise. Comma as decimal sign is ISO 8601 too.
function canonicalTime(raw: string): Canonical {
	const match =
		/^([0-9]{2})(?::([0-9]{2})(?::([0-9]{2})([.,][0-9]+)?)?|([0-9]{2})(?:([0-9]{2})([.,][0-9]+)?)?)(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$/.exec(raw);
	if (!match) return { ok: false, reason: `"${raw}" is not an ISO 8601 time, expected hh:mm:ss[.fff][Z|±hh:mm] or hhmmss` };
	const extended = match[2] !== undefined;
	const minutes = extended ? match[2] : match[5];
	const seconds = (extended ? match[3] : match[6]) ?? '00';
	const fraction = (extended ? match[4] : match[7]) ?? '';
	if (minutes === undefined) return { ok: false, reason: `"${raw}" has no minutes, expected hh:mm at least` };
	const zone = match[8];
	// The zone must use the same (basic/extended) style as the time itself.
	if (zone !== undefined && zone.length === 6 && !extended) return { ok: false, reason: `"${raw}" mixes basic and extended formats` };
	if (zone !== undefined && zone.length === 5 && extended) return { ok: false, reason: `"${raw}" mixes basic and extended formats` };
	const [h, m, s] = [Number(match[1]), Number(minutes), Number(seconds)];
	// ISO 8601 allows 24:00:00 (end of day) and a leap second 60.
	if (h > 24 || m > 59 || s > 60 || (h === 24 && (m > 0 || s > 0 || /[1-9]/.test(fraction)))) {
		return { ok: false, reason: `"${raw}" is not a valid time of day` };
	}
	const digits = fraction.slice(1).replace(/0+$/, '');
	let value = `${match[1]}:${minutes}:${seconds}${digits ? `.${digits}` : ''}`;
	if (zone !== undefined) value += canonicalZone(zone);
	return /[+-](1[5-9]|[2-9][0-9]):/.test(value) || /[+-][0-9]{2}:[6-9][0-9]$/.test(value)
		? { ok: false, reason: `"${raw}" has a zone offset out of range` }
		: { ok: true, value, key: value };
}

function canonicalZone(zone: string): string {
	if (zone === 'Z') return 'Z';
	const sign = zone[0];
	const hours = zone.slice(1, 3);
	const minutes = zone.length > 3 ? zone.slice(-2) : '00';
	if (hours === '00' && minutes === '00') return 'Z';
	return `${sign}${hours}:${minutes}`;
}
