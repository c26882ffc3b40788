import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// Issue 8 §2: a strict CSP on every page. SvelteKit puts the sha256 of each inline script it writes (the
		// hydration start) into script-src, so no 'unsafe-inline' script runs. Inline style attributes stay allowed
		// (style-src-attr): Svelte renders style="…" (the hex view's indentation), which runs no code.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// SvelteKit's own CSRF check answers before the hooks run, so its 403 carried no security headers; the same
		// check (cross-site writes refused) is done in hooks.server.ts (src/lib/server/http-hardening.ts).
		csrf: { trustedOrigins: ['*'] }
	}
};
