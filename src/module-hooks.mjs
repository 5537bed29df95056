// Start-up time: Node 22 reads a package's package.json `exports` again (JSON.parse of the whole
// field) for every module it loads from that package, to learn the module's format. drizzle-orm's
// (179 kB) and date-fns's (199 kB) cost ~3 ms per module that way: about 0.6 s of the bot's start-up
// for what the V8 compile cache makes a 0.1 s load. Both are `"type": "module"` packages with a
// single package.json, so a relative `.js` import inside them is the ES module at the URL it names:
// resolved here without the lookup. Everything else (bare specifiers, other packages, our own
// files) goes to Node's resolver. Plain JavaScript, loaded before anything else (src/main.ts,
// bench/side/bot-child.mjs); a no-op on a Node without module.registerHooks (before 22.15).
import module from 'node:module';

const PACKAGES = /\/node_modules\/(?:drizzle-orm|date-fns)\//;

module.registerHooks?.({
  resolve(specifier, context, next) {
    const parent = context.parentURL;
    if (parent?.startsWith('file:') && PACKAGES.test(parent) && (specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js')) {
      return { url: new URL(specifier, parent).href, format: 'module', shortCircuit: true };
    }
    return next(specifier, context);
  },
});
