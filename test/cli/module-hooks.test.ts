import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const HOOKS = join(import.meta.dirname, '../../src/module-hooks.mjs');

/**
 * Loads drizzle-orm (the parts the bot uses) and date-fns functions in a fresh node, with or
 * without src/module-hooks.mjs, and prints every module URL that was loaded, with its format.
 */
const PROGRAM = (withHooks: boolean) => `
  import module from 'node:module';
  const loaded = [];
  ${withHooks ? `await import(${JSON.stringify(HOOKS)});` : ''}
  module.registerHooks({ load(url, context, next) { const r = next(url, context); loaded.push(url + ' ' + r.format); return r; } });
  const { sql } = await import('drizzle-orm');
  await import('drizzle-orm/pg-core');
  await import('drizzle-orm/node-postgres');
  await import('drizzle-orm/pglite/migrator');
  const { format } = await import('date-fns/format');
  const { addDays } = await import('date-fns/addDays');
  if (typeof sql !== 'function' || format(addDays(new Date(0), 1), 'yyyy') !== '1970') throw new Error('not loaded');
  console.log(JSON.stringify(loaded.sort()));
`;

/** Imports test/cli/fixtures/bare-imports.mjs: bare specifiers imported and required again from files outside node_modules. */
const FROM_OUR_FILES = (withHooks: boolean) => `
  import module from 'node:module';
  const loaded = [];
  ${withHooks ? `await import(${JSON.stringify(HOOKS)});` : ''}
  module.registerHooks({ load(url, context, next) { const r = next(url, context); loaded.push(url + ' ' + r.format); return r; } });
  const { loaded: types } = await import(${JSON.stringify(join(import.meta.dirname, 'fixtures/bare-imports.mjs'))});
  if (types.some((t) => t !== 'function')) throw new Error('not loaded: ' + types.join());
  console.log(JSON.stringify(loaded.sort()));
`;

async function modulesLoaded(withHooks: boolean, program = PROGRAM): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program(withHooks)], { cwd: join(import.meta.dirname, '../..') });
  return JSON.parse(stdout) as string[];
}

describe('the start-up resolve hook (src/module-hooks.mjs)', { timeout: 60_000 }, () => {
  it('loads the same drizzle-orm and date-fns modules, as the same ES modules, as Node resolves them itself', async () => {
    const [own, hooked] = await Promise.all([modulesLoaded(false), modulesLoaded(true)]);
    expect(own.filter((url) => url.includes('/node_modules/drizzle-orm/')).length).toBeGreaterThan(100);
    expect(own.some((url) => url.includes('/node_modules/date-fns/'))).toBe(true);
    expect(hooked).toEqual(own);
  });

  it('a package imported or required again from the bot’s own files is the same module as Node resolves it', async () => {
    const [own, hooked] = await Promise.all([modulesLoaded(false, FROM_OUR_FILES), modulesLoaded(true, FROM_OUR_FILES)]);
    expect(own.some((url) => url.includes('/node_modules/pg/lib/'))).toBe(true); // required (CommonJS)
    expect(own.some((url) => url.includes('/node_modules/zod/'))).toBe(true);
    expect(hooked).toEqual(own);
  });
});
