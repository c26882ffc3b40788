// XML language support configured for wap-provisioningdoc (prov.dtd, client-provisioning.md §5):
// wap-provisioningdoc (characteristic+) version; characteristic (parm | characteristic)+ type; parm EMPTY name value.
// @codemirror/lang-xml completes these element and attribute names; the values of type/name/value depend on where
// they are and come from the schema through cpCompletionSource.
import { xml, xmlLanguage } from '@codemirror/lang-xml';
import type { Extension } from '@codemirror/state';
import { cpCompletionSource } from './completion-source';
import { CP_ROOT } from './cp-context';

export function cpLanguage(): Extension {
	return [
		xml({
			elements: [
				{ name: CP_ROOT, top: true, attributes: ['version'], children: ['characteristic'] },
				{ name: 'characteristic', attributes: ['type'], children: ['characteristic', 'parm'] },
				{ name: 'parm', attributes: ['name', 'value'], children: [] }
			],
			// Documents keep version="1.0" or "1.1" on the root (client-provisioning.md, header).
			attributes: [{ name: 'version', values: ['1.0', '1.1'] }, { name: 'type' }, { name: 'name' }, { name: 'value' }]
		}),
		xmlLanguage.data.of({ autocomplete: cpCompletionSource })
	];
}
