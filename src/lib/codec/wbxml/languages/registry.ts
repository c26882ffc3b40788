// Which language a document or a stream is written in, as libwbxml decides it (src/wbxml_tables.c
// `wbxml_tables_search_table`): XML public id (case-insensitive), then system id, then root element name.
import type { XmlDocument } from '../../xml/tree';
import type { WbxmlLanguage } from '../types';
import { DMDDF12 } from './ddf12';
import { DEVINF12 } from './devinf12';
import { METINF12 } from './metinf12';
import { PROV } from './prov';
import { SYNCML12 } from './syncml12';

export const LANGUAGES: readonly WbxmlLanguage[] = [PROV, SYNCML12, METINF12, DEVINF12, DMDDF12];

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
	return LANGUAGES.find((l) => l.root === document.root.name);
}
