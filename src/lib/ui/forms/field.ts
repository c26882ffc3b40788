// What every form control gets: its label (with the parm it writes, in the standard's words), help for a term that
// does not explain itself, the validator's findings for its parm, and whether the document can be edited.
import type { Finding } from '../../documents/provcont';

export interface FieldProps {
	label: string;
	/** The parm the field writes (shown beside the label, part of its accessible name). */
	parm: string;
	help?: string;
	/** The validator's findings at this field's parm. */
	findings?: readonly Finding[];
	disabled?: boolean;
	/** data-testid of the control: `form-<form>-<field path>`. */
	testid: string;
}

/** The findings of a form by field path, and the function the form components call with a path. */
export type FindingsOf = (path: string) => readonly Finding[];

/** Text input value → form value: an emptied field removes its parm. */
export const fromInput = (text: string): string | undefined => (text === '' ? undefined : text);
