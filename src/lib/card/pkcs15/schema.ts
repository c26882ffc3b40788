// PKCS#15 v1.1 ASN.1 (module "PKCS-15 … DEFINITIONS IMPLICIT TAGS", §6 and Annex A) as @peculiar/asn1-schema
// schemas. The project's tsconfig has no experimentalDecorators, so the decorator factories are applied as plain
// calls right below each class; the effect is the same registration in asn1-schema's schema storage.
import { AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, BitString } from '@peculiar/asn1-schema';
import { OidConverter } from './oid';

/** §6.1.5 Path ::= SEQUENCE { path OCTET STRING, index INTEGER OPTIONAL, length [0] INTEGER OPTIONAL } */
export class PathAsn {
	path = new ArrayBuffer(0);
	index?: number;
	length?: number;
}
AsnType({ type: AsnTypeTypes.Sequence })(PathAsn);
AsnProp({ type: AsnPropTypes.OctetString })(PathAsn.prototype, 'path');
AsnProp({ type: AsnPropTypes.Integer, optional: true })(PathAsn.prototype, 'index');
// IMPLICIT TAGS module: [0] replaces the INTEGER tag → 80.
AsnProp({ type: AsnPropTypes.Integer, optional: true, context: 0, implicit: true })(PathAsn.prototype, 'length');

/**
 * §6.2 PKCS15Objects ::= CHOICE { privateKeys [0] …, dataObjects [7] …, authObjects [8] … }. Each alternative is
 * PathOrObjects, itself a CHOICE, so the tag is EXPLICIT (X.680 §31.2.7): A7 { 30 Path }. Only the `path`
 * alternative of PathOrObjects is modelled; odf.ts sends other contents elsewhere before reaching this schema.
 */
export class OdfEntryAsn {
	privateKeys?: PathAsn;
	publicKeys?: PathAsn;
	trustedPublicKeys?: PathAsn;
	secretKeys?: PathAsn;
	certificates?: PathAsn;
	trustedCertificates?: PathAsn;
	usefulCertificates?: PathAsn;
	dataObjects?: PathAsn;
	authObjects?: PathAsn;
}
export const ODF_KINDS = [
	'privateKeys',
	'publicKeys',
	'trustedPublicKeys',
	'secretKeys',
	'certificates',
	'trustedCertificates',
	'usefulCertificates',
	'dataObjects',
	'authObjects'
] as const;
export type OdfKind = (typeof ODF_KINDS)[number];
AsnType({ type: AsnTypeTypes.Choice })(OdfEntryAsn);
ODF_KINDS.forEach((kind, tag) => AsnProp({ type: PathAsn, context: tag })(OdfEntryAsn.prototype, kind));

/**
 * §6.9 TokenInfo ::= SEQUENCE { version INTEGER {v1(0)}, serialNumber OCTET STRING, manufacturerID Label OPTIONAL,
 * label [0] Label OPTIONAL, tokenflags TokenFlags, … }. Later optional fields (seInfo, recordInfo [1], …) are
 * skipped by the parser. serialNumber is optional here because OpenSC (pkcs15.c c_asn1_toki_attrs) reads it so.
 */
export class TokenInfoAsn {
	version = 0;
	serialNumber?: ArrayBuffer;
	manufacturerID?: string;
	label?: string;
	tokenflags = new BitString();
}
AsnType({ type: AsnTypeTypes.Sequence })(TokenInfoAsn);
AsnProp({ type: AsnPropTypes.Integer })(TokenInfoAsn.prototype, 'version');
AsnProp({ type: AsnPropTypes.OctetString, optional: true })(TokenInfoAsn.prototype, 'serialNumber');
AsnProp({ type: AsnPropTypes.Utf8String, optional: true })(TokenInfoAsn.prototype, 'manufacturerID');
AsnProp({ type: AsnPropTypes.Utf8String, optional: true, context: 0, implicit: true })(TokenInfoAsn.prototype, 'label');
AsnProp({ type: BitString })(TokenInfoAsn.prototype, 'tokenflags');

/** §6.1.9 CommonObjectAttributes ::= SEQUENCE { label Label OPT, flags CommonObjectFlags OPT, authId OPT, userConsent OPT, … } */
export class CommonObjectAttributesAsn {
	label?: string;
	flags?: BitString;
	authId?: ArrayBuffer;
	userConsent?: number;
}
AsnType({ type: AsnTypeTypes.Sequence })(CommonObjectAttributesAsn);
AsnProp({ type: AsnPropTypes.Utf8String, optional: true })(CommonObjectAttributesAsn.prototype, 'label');
AsnProp({ type: BitString, optional: true })(CommonObjectAttributesAsn.prototype, 'flags');
AsnProp({ type: AsnPropTypes.OctetString, optional: true })(CommonObjectAttributesAsn.prototype, 'authId');
AsnProp({ type: AsnPropTypes.Integer, optional: true })(CommonObjectAttributesAsn.prototype, 'userConsent');

/** §6.7.2 CommonDataObjectAttributes ::= SEQUENCE { applicationName Label OPT, applicationOID OBJECT IDENTIFIER OPT, … } */
export class CommonDataObjectAttributesAsn {
	applicationName?: string;
	applicationOID?: string;
}
AsnType({ type: AsnTypeTypes.Sequence })(CommonDataObjectAttributesAsn);
AsnProp({ type: AsnPropTypes.Utf8String, optional: true })(CommonDataObjectAttributesAsn.prototype, 'applicationName');
AsnProp({ type: AsnPropTypes.ObjectIdentifier, optional: true, converter: OidConverter })(
	CommonDataObjectAttributesAsn.prototype,
	'applicationOID'
);

/** §6.7.4 OidDO ::= SEQUENCE { id OBJECT IDENTIFIER, value ObjectValue } — only ObjectValue "indirect" = Path. */
export class OidDoAsn {
	id = '';
	value = new PathAsn();
}
AsnType({ type: AsnTypeTypes.Sequence })(OidDoAsn);
AsnProp({ type: AsnPropTypes.ObjectIdentifier, converter: OidConverter })(OidDoAsn.prototype, 'id');
AsnProp({ type: PathAsn })(OidDoAsn.prototype, 'value');

/**
 * §6.7 DataObject{OidDO} = PKCS15Object{CommonDataObjectAttributes, NULL, OidDO}. typeAttributes is [1] over a
 * dummy type parameter, so its tag is EXPLICIT (X.683 §8.3): A1 { 30 OidDO } — as the nRF decoder expects.
 */
export class OidDataObjectAsn {
	commonObjectAttributes = new CommonObjectAttributesAsn();
	classAttributes = new CommonDataObjectAttributesAsn();
	typeAttributes = new OidDoAsn();
}
AsnType({ type: AsnTypeTypes.Sequence })(OidDataObjectAsn);
AsnProp({ type: CommonObjectAttributesAsn })(OidDataObjectAsn.prototype, 'commonObjectAttributes');
AsnProp({ type: CommonDataObjectAttributesAsn })(OidDataObjectAsn.prototype, 'classAttributes');
AsnProp({ type: OidDoAsn, context: 1 })(OidDataObjectAsn.prototype, 'typeAttributes');

/** DataObject{Opaque} with ObjectValue indirect = Path: the only data object OpenSC decodes (pkcs15-data.c c_asn1_data). */
export class OpaqueDataObjectAsn {
	commonObjectAttributes = new CommonObjectAttributesAsn();
	classAttributes = new CommonDataObjectAttributesAsn();
	typeAttributes = new PathAsn();
}
AsnType({ type: AsnTypeTypes.Sequence })(OpaqueDataObjectAsn);
AsnProp({ type: CommonObjectAttributesAsn })(OpaqueDataObjectAsn.prototype, 'commonObjectAttributes');
AsnProp({ type: CommonDataObjectAttributesAsn })(OpaqueDataObjectAsn.prototype, 'classAttributes');
AsnProp({ type: PathAsn, context: 1 })(OpaqueDataObjectAsn.prototype, 'typeAttributes');

/** §6.7 Data ::= CHOICE { opaqueDO DataObject{Opaque}, externalIDO [0] …, oidDO [1] DataObject{OidDO} } (IMPLICIT: A1 replaces 30). */
export class OidDataAsn {
	oidDO?: OidDataObjectAsn;
}
AsnType({ type: AsnTypeTypes.Choice })(OidDataAsn);
AsnProp({ type: OidDataObjectAsn, context: 1, implicit: true })(OidDataAsn.prototype, 'oidDO');
