// One sentence per SEC method, shown beside the choice: which key the MAC is computed under, who knows it, and what
// the user types when the message arrives. From ProvBoot §5 / ProvCont §4.3 as bootstrap-security.md §1 and §3 sum
// them up (the key rules checked in four device and server implementations).
import type { SecMethod } from '../../security';

export const SEC_HELP: Readonly<Record<SecMethod, string>> = {
	NETWPIN:
		'The key is the subscriber’s IMSI (as the SIM stores it), which the operator knows and the phone reads from its SIM: the user types nothing.',
	USERPIN:
		'The key is a PIN the operator gives the user another way (a letter, a shop, a second message): the user types that PIN when the settings arrive.',
	USERNETWPIN:
		'The key is the IMSI followed by a user PIN: the phone adds the IMSI from its SIM and the user types the PIN, so the settings only install on that SIM with that PIN.',
	USERPINMAC:
		'The PIN the user types carries the check itself: its first half K is the key you choose, its second half the first digits of the MAC under K, so the user types the whole PIN the studio shows.'
};

/** The field USERPINMAC asks for: the first half of the user's PIN. */
export const KEY_DIGITS_HELP =
	'Key digits K: the first half of the PIN the user will type (decimal digits you choose; some phones refuse fewer than 5); the studio computes the second half from the MAC under K (M[i] mod 10).';
