// A secret (ADM key, PIN, Ki/OPc, AAuthSecret) is a type, not a string: printing, logging or serialising it
// gives a redacted form, and only an explicit reveal() hands out the bytes.

const REDACTED = '****';

export class Secret {
	readonly #bytes: Uint8Array;
	/** What the secret is, for messages: 'ADM1', 'PIN1', 'AAuthSecret'. */
	readonly label: string;

	constructor(label: string, bytes: Uint8Array) {
		this.label = label;
		this.#bytes = bytes.slice();
	}

	/** A secret typed as text (PIN digits, a password): kept as its UTF-8 bytes. */
	static fromText(label: string, text: string): Secret {
		return new Secret(label, new TextEncoder().encode(text));
	}

	get length(): number {
		return this.#bytes.length;
	}

	/** The bytes, for the one place that must use them (an APDU, an HMAC key). Returns a copy. */
	reveal(): Uint8Array {
		return this.#bytes.slice();
	}

	/** The text form of a secret made by fromText. */
	revealText(): string {
		return new TextDecoder().decode(this.#bytes);
	}

	equals(other: Secret): boolean {
		const a = this.#bytes;
		const b = other.#bytes;
		if (a.length !== b.length) return false;
		let diff = 0;
		for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
		return diff === 0;
	}

	toString(): string {
		return `${this.label} ${REDACTED}`;
	}

	toJSON(): string {
		return this.toString();
	}

	/** Node's util.inspect (console.log) would otherwise show nothing useful; never the bytes. */
	[Symbol.for('nodejs.util.inspect.custom')](): string {
		return `Secret(${this.toString()})`;
	}
}
