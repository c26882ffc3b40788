// The drawn caret (drawSelection) blinks through a CSS animation on its layer, and while that animation runs Chromium
// renders frame after frame: a keystroke then waits for the next of them before it is painted. Measured on the bench
// machine with studio-bench's typing (headless Chromium), keydown to painted frame, p50: CodeMirror with drawSelection
// alone 19.3 ms blinking, 7.8 ms with the blink off; the studio editor's page (bench row "editor") 20 → 13 ms with this
// plugin. So the caret holds still while the user types or moves it, as a native text field's does, and blinks again
// after a second without either; it never blinks for someone whose system asks for reduced motion.
import { ViewPlugin, type EditorView, type ViewUpdate } from '@codemirror/view';

/** How long the caret stays still after the last edit or caret move. */
const STILL_MS = 1000;

/** `blinkMs`: the blink period once idle (drawSelection's cursorBlinkRate, 1,200 ms by default). */
export function caretStillWhileTyping(blinkMs = 1200) {
	return ViewPlugin.fromClass(
		class {
			private timer: ReturnType<typeof setTimeout> | undefined;
			private readonly reducedMotion: boolean;

			constructor(private readonly view: EditorView) {
				this.reducedMotion = view.dom.ownerDocument.defaultView?.matchMedia('(prefers-reduced-motion: reduce)').matches === true;
				if (this.reducedMotion) this.holdStill();
			}

			update(update: ViewUpdate): void {
				if (!update.docChanged && !update.selectionSet) return;
				const layer = this.holdStill();
				clearTimeout(this.timer);
				if (layer === null || this.reducedMotion) return;
				this.timer = setTimeout(() => {
					layer.style.animationDuration = `${blinkMs}ms`;
					// Restarts the blink from its visible half (drawSelection swaps between these two identical keyframes).
					layer.style.animationName = layer.style.animationName === 'cm-blink' ? 'cm-blink2' : 'cm-blink';
				}, STILL_MS);
			}

			/** Stops the blink; drawSelection's caret layer (mounted before this plugin: it is registered first). */
			private holdStill(): HTMLElement | null {
				const layer = this.view.scrollDOM.querySelector<HTMLElement>(':scope > .cm-cursorLayer');
				if (layer !== null) layer.style.animationDuration = '0ms';
				return layer;
			}

			destroy(): void {
				clearTimeout(this.timer);
			}
		}
	);
}
