#!/usr/bin/env node
// Launcher for the `pstudio` bin: the CLI is TypeScript, run through tsx's loader (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
