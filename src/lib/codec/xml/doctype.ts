// Reads the external identifier out of a DOCTYPE declaration (XML 1.0 §2.8 doctypedecl, §4.2.2 ExternalID):
// `name PUBLIC "fpi" "system"` or `name SYSTEM "system"`. The internal subset, if any, is ignored.

export interface DoctypeIds {
	name?: string;
	publicId?: string;
	systemId?: string;
}

/** `body` is what saxes reports: the text between `<!DOCTYPE` and the closing `>`. */
export function parseDoctype(body: string): DoctypeIds {
	const tokens: string[] = [];
	let i = 0;
	while (i < body.length && body[i] !== '[') {
		const ch = body[i];
		if (/\s/.test(ch)) {
			i++;
		} else if (ch === '"' || ch === "'") {
			const close = body.indexOf(ch, i + 1);
			if (close < 0) break;
			tokens.push(body.slice(i, close + 1));
			i = close + 1;
		} else {
			let j = i;
			while (j < body.length && !/[\s"'[]/.test(body[j])) j++;
			tokens.push(body.slice(i, j));
			i = j;
		}
	}
	const ids: DoctypeIds = {};
	if (tokens.length > 0) ids.name = tokens[0];
	const unquote = (t: string | undefined): string | undefined =>
		t !== undefined && t.length >= 2 && (t[0] === '"' || t[0] === "'") ? t.slice(1, -1) : undefined;
	if (tokens[1] === 'PUBLIC') {
		const publicId = unquote(tokens[2]);
		const systemId = unquote(tokens[3]);
		if (publicId !== undefined) ids.publicId = publicId;
		// An empty system literal is how a serializer writes "no system id" (XML requires the literal after PUBLIC).
		if (systemId !== undefined && systemId !== '') ids.systemId = systemId;
	} else if (tokens[1] === 'SYSTEM') {
		const systemId = unquote(tokens[2]);
		if (systemId !== undefined) ids.systemId = systemId;
	}
	return ids;
}
