// Which rule a column follows, found from its name: the names of pySim's CSV (`csv-format`, card_key_provider.py:
// case-insensitive, pin_adm / adm1 / pin_adm_hex) and of vendors' .out files (var_out: ICCID/IMSI/PIN1/…/ACC,
// Access_Control, ADM2…, IMSI2…; bureau-files.md §1, §2, §4). One table, read top to bottom: the first rule whose
// pattern matches the upper-case name wins. A name no rule knows is plain text, kept as written.

/** The rule a column's values follow (values.ts checks each). */
export type ColumnKind =
	| 'iccid'
	| 'imsi'
	| 'msisdn'
	| 'pin'
	| 'puk'
	/** ADM key: 8 digits (sent as ASCII) or 16 hex digits (the 8 key bytes). */
	| 'adm'
	/** pySim's pin_adm_hex: the 8 key bytes as 16 hex digits, nothing else. */
	| 'adm-hex'
	/** Ki, OPc, OP, EKI: 16 bytes (32 hex). */
	| 'aka-key'
	/** OTA keys KIC/KID/KIK: 16, 24 or 32 bytes (32, 48 or 64 hex). */
	| 'ota-key'
	/** GlobalPlatform SCP02/SCP03 keys: 16, 24 or 32 bytes. */
	| 'scp-key'
	| 'acc'
	| 'mcc'
	| 'mnc'
	/** A vendor column that holds a key or code of its own (Code ADM, SYSPIN, PRINT_PIN1): secret, unchecked. */
	| 'secret'
	/** Anything else: kept as written. */
	| 'text';

export interface ColumnRule {
	readonly kind: ColumnKind;
	readonly pattern: RegExp;
	readonly secret: boolean;
}

export const COLUMN_RULES: readonly ColumnRule[] = [
	{ kind: 'iccid', pattern: /^ICCID$/, secret: false },
	// IMSI2…IMSI9: multi-IMSI cards (bureau-files.md §1).
	{ kind: 'imsi', pattern: /^IMSI\d*$/, secret: false },
	{ kind: 'msisdn', pattern: /^MSISDN$/, secret: false },
	{ kind: 'adm-hex', pattern: /^PIN_ADM_HEX$/, secret: true },
	// pySim-prog reads pin_adm, or adm1 (the sysmocom shop export); vendors write ADM1…ADM4.
	{ kind: 'adm', pattern: /^(PIN_ADM|ADM\d*)$/, secret: true },
	{ kind: 'pin', pattern: /^PIN\d*$/, secret: true },
	{ kind: 'puk', pattern: /^PUK\d*$/, secret: true },
	{ kind: 'aka-key', pattern: /^(KI|OPC|OP|EKI)$/, secret: true },
	// KIC1…KIK3, and pySim's grouped names UICC_SCP02_KIC1 … (card_key_provider.py CRYPT_GROUPS).
	{ kind: 'ota-key', pattern: /^([A-Z0-9]+_)*(KIC|KID|KIK)\d*$/, secret: true },
	{ kind: 'scp-key', pattern: /^SCP0[23]_(ENC|MAC|DEK)_[A-Z0-9_]+$/, secret: true },
	{ kind: 'acc', pattern: /^(ACC|ACCESS_CONTROL)$/, secret: false },
	{ kind: 'mcc', pattern: /^MCC$/, secret: false },
	{ kind: 'mnc', pattern: /^MNC$/, secret: false },
	{ kind: 'secret', pattern: /ADM|PIN|PUK|KEY|SECRET|PASSW/, secret: true }
];

const TEXT_RULE: ColumnRule = { kind: 'text', pattern: /^/, secret: false };

/** The rule for a column name (any case, surrounding spaces ignored). */
export function ruleFor(name: string): ColumnRule {
	const key = columnKey(name);
	for (const rule of COLUMN_RULES) if (rule.pattern.test(key)) return rule;
	return TEXT_RULE;
}

/** How a template, a mapping or a --column-key names a column: its name upper-cased (pySim compares so). */
export function columnKey(name: string): string {
	return name.trim().toUpperCase();
}

/** One column of an order, fixed when its header (CSV) or var_out line (.out) is read. */
export interface OrderColumn {
	/** 1-based position, as messages name it; `values[number - 1]` of a row. */
	readonly number: number;
	/** The name as written in the file. */
	readonly name: string;
	/** The upper-case name (see columnKey). */
	readonly key: string;
	readonly kind: ColumnKind;
	/** Values are Secrets (never a string) from the moment they are read. */
	readonly secret: boolean;
	/** Decrypted with a pySim column key (AES-CBC) before any check. */
	readonly encrypted: boolean;
	/** False when the caller asked for the column to be kept as written (option `unchecked`). */
	readonly checked: boolean;
}

export function makeColumn(number: number, name: string, encrypted: boolean, unchecked: ReadonlySet<string>): OrderColumn {
	const key = columnKey(name);
	const rule = ruleFor(name);
	// An encrypted column holds a secret whatever its name says: someone chose to protect it.
	return { number, name: name.trim(), key, kind: rule.kind, secret: rule.secret || encrypted, encrypted, checked: !unchecked.has(key) };
}
