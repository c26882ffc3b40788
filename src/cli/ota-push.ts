// What `pstudio ota` puts around a document and reads back: the WSP content type for its language (ProvCont
// §4.3 for CP; bootstrap-security.md §6 for a DM bootstrap) and the lines of a PDU file.
import { pduLines } from '../lib/ota';

// The content type for a language is the library's (the Bootstrap page uses the same table).
export { pushTypeFor } from '../lib/ota';

// Names of content types and push applications are the library's, as the studio's Bootstrap page shows them.
export { describeApplicationId, describeContentType } from '../lib/ota';

/** PDUs from a text: one per line, bare hex or as pduLine wrote it; blank lines and `#` comments skipped (pdu-lines.ts). */
export function pdusFromText(text: string): string[] {
	return pduLines(text).map((pdu) => pdu.hex);
}
