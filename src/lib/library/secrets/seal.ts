// "Keep secrets in this browser": secret values sealed with a key derived from the user's passphrase.
// - Key: PBKDF2-HMAC-SHA256 over the passphrase (UTF-8) with a random 16-byte salt and 600,000 iterations — the
//   OWASP Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA256 — into a non-extractable AES-256-GCM key
//   (WebCrypto, the same in the browser, a worker and Node 20). The key lives in memory for the session only.
// - Each value: AES-GCM (NIST SP 800-38D) with a fresh random 96-bit IV and a 128-bit tag; the additional
//   authenticated data binds it to its document and field, so a value moved elsewhere does not open.
// - A known text sealed at setup (the check) tells a wrong passphrase at once: its tag does not verify.
import { LibraryError } from '../error';
import type { SecretsMetaRecord } from '../model';

export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_LENGTH = 8;
const CHECK_TEXT = 'provisioning-studio library: keep secrets in this browser';
const CHECK_AAD = 'check';

const encoder = new TextEncoder();

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
	return crypto.getRandomValues(new Uint8Array(length));
}

/** Bytes in an ArrayBuffer of their own (what WebCrypto takes as BufferSource). */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	const copy = new Uint8Array(bytes.length);
	copy.set(bytes);
	return copy;
}

export async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
	const material = await crypto.subtle.importKey('raw', own(encoder.encode(passphrase)), 'PBKDF2', false, ['deriveKey']);
	return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: own(salt), iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function sealText(key: CryptoKey, plaintext: string, aad: string): Promise<{ iv: Uint8Array; data: Uint8Array }> {
	const iv = randomBytes(12);
	const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: own(encoder.encode(aad)), tagLength: 128 }, key, own(encoder.encode(plaintext)));
	return { iv, data: new Uint8Array(data) };
}

/** The plaintext, or undefined when the tag does not verify (another key, another field, altered bytes). */
export async function openText(key: CryptoKey, sealed: { iv: Uint8Array; data: Uint8Array }, aad: string): Promise<string | undefined> {
	try {
		const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: own(sealed.iv), additionalData: own(encoder.encode(aad)), tagLength: 128 }, key, own(sealed.data));
		return new TextDecoder('utf-8', { fatal: true }).decode(plain);
	} catch {
		return undefined;
	}
}

export function checkPassphrase(passphrase: string): void {
	if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
		throw new LibraryError('bad-input', `a passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters`);
	}
}

/** A new salt and check for "keep secrets", and the session key. */
export async function createSecretsMeta(passphrase: string): Promise<{ meta: SecretsMetaRecord; key: CryptoKey }> {
	checkPassphrase(passphrase);
	const salt = randomBytes(16);
	const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
	const check = await sealText(key, CHECK_TEXT, CHECK_AAD);
	return { meta: { key: 'secrets', salt, iterations: PBKDF2_ITERATIONS, check }, key };
}

/** The session key, or the one clear error: the passphrase does not open the check. */
export async function unlockSecretsMeta(meta: SecretsMetaRecord, passphrase: string): Promise<CryptoKey> {
	// A stored iteration count below the floor would be a weakened (tampered) setting: refused, not used.
	const iterations = Math.max(meta.iterations, PBKDF2_ITERATIONS);
	const key = await deriveKey(passphrase, meta.salt, iterations);
	if ((await openText(key, meta.check, CHECK_AAD)) !== CHECK_TEXT) {
		throw new LibraryError('wrong-passphrase', 'wrong passphrase: no secret was opened');
	}
	return key;
}

/** The additional authenticated data of a sealed value: its document and field. */
export function valueAad(documentId: string, path: string): string {
	return `${documentId}\u0000${path}`;
}
