// Entry point of the `qrv` command (bin/qrv.mjs runs the build of this file: dist/main.js).
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
