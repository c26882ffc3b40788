// Where the nodes of a parsed document lie in its text, recorded by parseXml when asked (reparse.ts uses it to
// patch the document of a text that changed inside one attribute value instead of parsing it again).

export interface SourceIndex {
	/** Every line/column position the document holds (elements, attribute names, text runs, OPAQUE nodes), in
	 *  document order, and the text offset each one is the position of (increasing). */
	positions: { line: number; column: number }[];
	offsets: number[];
	/** Every attribute, in document order, and the text of its value: [valueStarts[i], valueEnds[i]) is what lies
	 *  between its quotes. */
	attributes: { name: string; value: string }[];
	valueStarts: number[];
	valueEnds: number[];
}

export function emptySourceIndex(): SourceIndex {
	return { positions: [], offsets: [], attributes: [], valueStarts: [], valueEnds: [] };
}
