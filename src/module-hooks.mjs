// Start-up time: Node 22 reads a package's package.json `exports` again (JSON.parse of the whole
// field) for every module it loads from that package, to learn the module's format. drizzle-orm's
// (179 kB) and date-fns's (199 kB) cost ~3 ms per module that way: about 0.6 s of the bot's start-up
// for what the V8 compile cache makes a 0.1 s load. Both are `"type": "module"` packages with a
// single package.json, so a relative `.js` import inside them is the ES module at the URL it names:
// resolved here without the lookup. Everything else (bare specifiers, other packages, our own
// files) goes to Node's resolver. Plain JavaScript, loaded before anything else (src/main.ts,
// bench/side/bot-child.mjs); a no-op on a Node without module.registerHooks (before 22.15).
import module from 'node:module';

//
// The bot's own modules import the same packages again and again (drizzle-orm, drizzle-orm/pg-core,
// date-fns/…: ~50 imports, ~2 ms each for the same `exports` lookup): a bare specifier imported
// from the bot's own files (outside node_modules, so one package scope and one node_modules above
// them) resolves to the same module every time, so Node's answer is kept by specifier and
// conditions.
const PACKAGES = /\/node_modules\/(?:drizzle-orm|date-fns)\//;
const BARE = /^(?![./]|node:|file:|data:)/;
const ours = new Map();

module.registerHooks?.({
  resolve(specifier, context, next) {
    const parent = context.parentURL;
    if (!parent?.startsWith('file:')) return next(specifier, context);
    if (PACKAGES.test(parent) && (specifier.startsWith('./') || specifier.startsWith('../')) && specifier.endsWith('.js')) {
      return { url: new URL(specifier, parent).href, format: 'module', shortCircuit: true };
    }
    if (!BARE.test(specifier) || parent.includes('/node_modules/')) return next(specifier, context);
    const key = `${specifier}\0${context.conditions?.join(',')}\0${context.importAttributes?.type ?? ''}`;
    let resolved = ours.get(key);
    if (!resolved) {
      resolved = next(specifier, context);
      ours.set(key, resolved);
    }
    return { ...resolved, shortCircuit: true };
  },
});
