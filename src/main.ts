// Entry point of the `qrv` command (bin/qrv.mjs runs the build of this file: dist/main.js).
// The resolve hook first (src/module-hooks.mjs), then the command: imported, not a static import,
// so that the hook is in place before any of the command's modules is resolved.
import './module-hooks.mjs';

const { main } = await import('./cli.js');
process.exitCode = await main(process.argv.slice(2));
