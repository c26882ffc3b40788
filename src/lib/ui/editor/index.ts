// Public face of the studio editor: the CodeMirror extensions (each in its own file), the pure functions that
// decide what they offer (unit tested without a browser), and the hooks the pages use. The components are
// Editor.svelte and VersionDiff.svelte in this folder.
export { studioEditorExtensions, baseExtensions, languageExtensions, type EditorLanguage, type EditorSetupOptions } from './setup';
export { setFindings, pushFindings, findingsField, findingDiagnostic, findingDiagnostics, placedDiagnostics, findingsLint, type FindingsUpdate } from './findings-lint';
export { offsetOfLineColumn, lineColumnAt, findingRange } from './findings';
export { caretListener, caretOf, selectXmlRange, type Caret } from './selection-sync';
export { goToDefinition, startRename, renameSymbol, cpNavigation } from './navigation-commands';
export { completionsAt, characteristicTypesUnder, type CompletionItem, type Completions } from './cp-completions';
export { hoverAt, type HoverInfo } from './cp-hover';
export { definitionAt, occurrencesAt, renameAt, type Rename, type RenameResult } from './cp-navigation';
export { dmAccountFindings } from './dm-findings';
export { dmAccountElements } from './dm-language';
export { studioTheme } from './theme';
