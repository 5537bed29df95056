#!/usr/bin/env node
// The `qrv` command: plain node on the build in dist/ (`npm ci` builds it; `npm run build` after a change).
import { existsSync } from 'node:fs';
import module from 'node:module';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('dist/ がありません: npm run build を実行してください / dist/ is missing: run npm run build (npm ci does it)');
  process.exit(2);
}
// V8's compiled code is kept on disk (Node's compile cache, in the system's temporary directory):
// later starts skip compiling the bot's modules. Where it cannot be written, Node starts without it.
module.enableCompileCache?.();
await import(entry.href);
