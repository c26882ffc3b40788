// The rules for what a user types as a document name, a tag or a version message: one line, trimmed, bounded.
import { LibraryError, quoted } from './error';
import { DOCUMENT_KINDS, type DocumentKind } from './model';
import { MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from './transfer';

function label(value: string, what: string, max: number): string {
	const text = value.trim();
	if (text === '') throw new LibraryError('bad-input', `${what} is empty`);
	if (text.length > max) throw new LibraryError('bad-input', `${what} ${quoted(text)} is longer than ${max} characters`);
	if (/[\u0000-\u001f\u007f]/.test(text)) throw new LibraryError('bad-input', `${what} ${quoted(text)} holds a control character (a line break, a tab): one line only`);
	return text;
}

export function checkName(name: string): string {
	return label(name, 'a document name', MAX_NAME_LENGTH);
}

export function checkTag(tag: string): string {
	return label(tag, 'a tag', MAX_TAG_LENGTH);
}

export function checkTags(tags: readonly string[]): string[] {
	const out: string[] = [];
	for (const tag of tags.map(checkTag)) if (!out.includes(tag)) out.push(tag);
	if (out.length > MAX_TAGS) throw new LibraryError('bad-input', `a document has at most ${MAX_TAGS} tags`);
	return out;
}

export function checkKind(kind: string): DocumentKind {
	if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw new LibraryError('bad-input', `a document kind is one of ${DOCUMENT_KINDS.join(', ')}, not ${quoted(kind)}`);
	return kind as DocumentKind;
}

export function checkMessage(message: string): string {
	const text = message.trim();
	if (text.length > MAX_MESSAGE_LENGTH) throw new LibraryError('bad-input', `a version message is at most ${MAX_MESSAGE_LENGTH} characters`);
	return text;
}
