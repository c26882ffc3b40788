// One error type for bootstrap security (STYLE.md: one typed error per domain, stable code, says where).

export type BootstrapErrorCode =
	| 'bad-imsi'
	| 'missing-imsi'
	| 'missing-pin'
	| 'empty-pin'
	| 'pin-not-digits'
	| 'pin-odd-length'
	| 'pin-too-long'
	| 'missing-mac'
	| 'bad-mac-format'
	| 'mac-mismatch'
	| 'bad-sec';

export class BootstrapError extends Error {
	override readonly name = 'BootstrapError';
	constructor(
		readonly code: BootstrapErrorCode,
		message: string
	) {
		super(message);
	}
}
