// The studio's pages, in the order the navigation shows them: the one list the app shell's nav and the 404 page use.
export interface StudioPage {
	href: string;
	/** The nav label. */
	label: string;
	/** What the page is for, in one line (the 404 page lists them). */
	purpose: string;
}

export const STUDIO_PAGES: readonly StudioPage[] = [
	{ href: '/', label: 'Document', purpose: 'Write a CP document and see its findings and WBXML as you type.' },
	{ href: '/library', label: 'Library', purpose: 'Every document of this browser, with versions, tags and a trash.' },
	{ href: '/bootstrap', label: 'Bootstrap', purpose: 'Sign a document (SEC and MAC) and send it over the air as SMS PDUs.' },
	{ href: '/dm', label: 'DM account', purpose: 'An OMA DM server account as CP w7 and as a SyncML DM bootstrap.' },
	{ href: '/card', label: 'Card', purpose: 'Write the documents onto a SIM card and read them back.' },
	{ href: '/batch', label: 'Batch', purpose: 'A template and an order file in, a package of per-card documents out.' }
];
