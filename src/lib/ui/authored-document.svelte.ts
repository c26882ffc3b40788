// The document being authored, shared by the pages of one browser tab: what the Document page edits is what the
// Bootstrap and Card pages sign and write, so that "author → validate → write" needs no copy and paste.
// It lives in memory only; a page reload starts again from the sample.
import { SAMPLE_DOCUMENT } from './sample';

export const authored = $state({ text: SAMPLE_DOCUMENT });
