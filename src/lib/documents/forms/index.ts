// Public face of the forms: the settings operators send every day, each read from and written into the open
// CP document (issue 11, point 1). Pure TypeScript: no Svelte, no Node.
//
// Why text edits and not the document model. ProvDoc (provcont) keeps characteristics, parms, their order and
// unknown attributes, but not comments, white space, the prolog or how a value was quoted and escaped; writing a
// form through it would rewrite the whole text. The round-trip rule (XML → form → XML keeps what the form does not
// cover, byte for byte) therefore works one level lower: located.ts reads the text with the XML parser and the
// model (so a form sees exactly the values and structure the validator sees) and finds where each element and
// attribute value lies; engine.ts turns a form's values into the smallest edits at those offsets (a value replaced
// between its quotes, a parm inserted after its neighbour in the document's own indentation, a parm removed with
// its line). The edits are what the editor applies as one transaction, so one undo takes a form change back.
//
// The fields: binding.ts maps each field to a parm or a sub-characteristic by the names of the schema table the
// validator and completion use (provcont/rules/schema.ts), checked when a form is defined; allowedValues gives a
// field's enumeration from the same table.
//
// Secrets (AUTHSECRET, AAUTHSECRET, PXAUTH-PW) are values like the others here: they go into the editor's text,
// and the library's rule (library/secrets) decides what is stored, as for a secret typed in the editor.
export { FormError, type FormErrorCode } from './error';
export { applyEdits, type TextEdit } from './edit';
export { readFormDocument, type FormDocument, type LocatedElement } from './located';
export { EMPTY_DOCUMENT, type Range } from './engine';
export { findingsByField } from './findings';
export { allowedValues, parmSpec, emptyValues, isEmpty, type ValuesOf, type Fields, type FormSpec } from './binding';
export type { Form, FormInstance } from './form';
export { apnForm, APN_FIELDS, type ApnValues } from './apn';
export { proxyForm, PROXY_FIELDS, type ProxyValues } from './proxy';
export { browserForm, BROWSER_FIELDS, type BrowserValues } from './browser';
export { mmsForm, MMS_FIELDS, type MmsValues } from './mms';
export { emailForm, INCOMING_FIELDS, OUTGOING_FIELDS, POP3_APPID, IMAP_APPID, SMTP_APPID, type EmailValues } from './email';
export { dmAccountForm, DM_ACCOUNT_FIELDS, type DmAccountValues } from './dm-account';
export { bootstrapForm, BOOTSTRAP_FIELDS, type BootstrapValues } from './bootstrap';
