// Which values of a document text are secrets, from the same data the validator and the DM model use:
// - OMA CP: every parm marked `secret: true` in the characteristic schema (AAUTHSECRET in APPAUTH and RESOURCE,
//   AUTHSECRET in NAPAUTHINFO, PXAUTH-PW in PXAUTHINFO, PROXY-PW and BASAUTH-PW in PXLOGICAL). The set is flat:
//   a secret parm name is a secret wherever it stands, also in a misplaced characteristic or a half-typed draft.
// - DM account (JSON or XML): the members of SECRET_MEMBERS (AAuthSecret).
// - DM tree (JSON URI → value): the leaves of SECRET_LEAVES (AAuthSecret, DM 1.1 ServerPW / ClientPW).
// Names are compared without regard to case: a mistyped `aauthsecret` still holds a password.
import { CHARACTERISTICS } from '../../documents/provcont';
import { SECRET_LEAVES, SECRET_MEMBERS } from '../../documents/dm';

function cpSecretParms(): Set<string> {
	const names = new Set<string>();
	for (const characteristic of Object.values(CHARACTERISTICS)) {
		for (const [name, spec] of Object.entries(characteristic.parms)) if (spec.secret === true) names.add(name.toUpperCase());
	}
	return names;
}

/** Upper-cased CP parm names whose values are secrets. */
export const CP_SECRET_PARMS: ReadonlySet<string> = cpSecretParms();

/** Upper-cased DM account members and tree leaf names whose values are secrets. */
export const DM_SECRET_NAMES: ReadonlySet<string> = new Set([...SECRET_MEMBERS, ...SECRET_LEAVES].map((name) => name.toUpperCase()));
