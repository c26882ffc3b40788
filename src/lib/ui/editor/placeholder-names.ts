// The placeholders of a template text (`${NAME}`, issue 10's syntax: src/lib/documents/template/syntax.ts), as the
// editor marks and completes them. Pure: text in, names and places out. The names offered after `${` are the ones the
// template already declares by using them, each with the type its places ask for (the batch's template compiler,
// slots.ts: `an integer from 0 to 65535` for a PORTNBR), so a value typed later in the order is checked by that type.
import { compileCpTemplate, compileDmTemplate, PLACEHOLDER_NAME, placeholderRegExp } from '../../documents/template';

export interface DeclaredPlaceholder {
	name: string;
	/** What its places ask for: `text`, `an integer from 0 to 65535`, … (several places: the first). */
	type: string;
	/** Where it stands first: `parm NAP-ADDRESS of NAPDEF`. */
	where: string;
	/** It stands in a secret place (AUTHSECRET, AAuthSecret). */
	secret: boolean;
}

/** The placeholder names in a text, in order of first use, each once. */
export function placeholderNames(text: string): string[] {
	const names = new Set<string>();
	for (const match of text.matchAll(placeholderRegExp())) names.add(match[1]);
	return [...names];
}

/**
 * The placeholders a template declares, typed by the compiler when the template compiles (a CP document or a DM
 * account); a text that does not compile still declares its names, typed `text` until it does.
 */
export function declaredPlaceholders(text: string, kind: 'cp' | 'dm-account'): DeclaredPlaceholder[] {
	const names = placeholderNames(text);
	if (names.length === 0) return [];
	const compiled = kind === 'cp' ? compileCpTemplate(text) : compileDmTemplate(text, { rendering: { as: 'cp' } });
	const typed = compiled.ok ? new Map(compiled.template.placeholders.map((p) => [p.name, p])) : new Map();
	return names.map((name) => {
		const info = typed.get(name);
		const first = info?.uses[0];
		return { name, type: first?.type ?? 'text', where: first?.where ?? '', secret: info?.secret ?? false };
	});
}

/** A name being typed after `${` (to the cursor), or undefined when the cursor is not in one. */
export function placeholderPrefix(textBefore: string): { name: string; from: number } | undefined {
	const match = /\$\{([A-Za-z0-9_]*)$/.exec(textBefore);
	if (match === null) return undefined;
	if (match[1] !== '' && !PLACEHOLDER_NAME.test(match[1])) return undefined;
	return { name: match[1], from: textBefore.length - match[1].length };
}
