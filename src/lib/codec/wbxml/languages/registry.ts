// Which language a document or a stream is written in, as libwbxml decides it (src/wbxml_tables.c
// `wbxml_tables_search_table`): XML public id (case-insensitive), then system id, then root element name, in
// libwbxml's table order (so a SyncML root without DOCTYPE or xmlns is SyncML 1.2). A root's xmlns picks among
// the languages of that root name the one whose page holds it in that namespace (`<SyncML xmlns="SYNCML:SYNCML1.1">`
// is SyncML 1.1, as xml2wbxml, whose expat reports namespaced names, decides too).
import type { XmlDocument } from '../../xml/tree';
import type { WbxmlLanguage } from '../types';
import { DMDDF12 } from './ddf12';
import { DEVINF10, DEVINF11 } from './devinf11';
import { DEVINF12 } from './devinf12';
import { METINF11 } from './metinf11';
import { METINF12 } from './metinf12';
import { PROV } from './prov';
import { SYNCML10, SYNCML11 } from './syncml11';
import { SYNCML12 } from './syncml12';

export const LANGUAGES: readonly WbxmlLanguage[] = [PROV, SYNCML12, METINF12, DEVINF12, DMDDF12, SYNCML11, METINF11, DEVINF11, SYNCML10, DEVINF10];

export function languageByName(name: string): WbxmlLanguage | undefined {
	const wanted = name.toUpperCase();
	return LANGUAGES.find((l) => l.name === wanted);
}

export function languageByPublicId(id: number): WbxmlLanguage | undefined {
	return LANGUAGES.find((l) => l.publicId === id);
}

export function languageByFpi(fpi: string): WbxmlLanguage | undefined {
	const wanted = fpi.toLowerCase();
	return LANGUAGES.find((l) => l.fpi.toLowerCase() === wanted);
}

export function languageForDocument(document: XmlDocument): WbxmlLanguage | undefined {
	if (document.publicId !== undefined) {
		const byFpi = languageByFpi(document.publicId);
		if (byFpi) return byFpi;
	}
	if (document.systemId !== undefined) {
		const bySystemId = LANGUAGES.find((l) => l.systemId === document.systemId);
		if (bySystemId) return bySystemId;
	}
	const root = document.root;
	const xmlns = root.attributes.find((a) => a.name === 'xmlns')?.value;
	if (xmlns !== undefined) {
		const byNamespace = LANGUAGES.find((l) => l.root === root.name && rootNamespace(l) === xmlns);
		if (byNamespace) return byNamespace;
	}
	return LANGUAGES.find((l) => l.root === root.name);
}

/** The namespace of the page holding the language's root tag, if the language has one. */
function rootNamespace(language: WbxmlLanguage): string | undefined {
	for (const page of Object.values(language.pages)) {
		if (page.tags !== undefined && Object.values(page.tags).includes(language.root)) return page.namespace;
	}
	return undefined;
}
