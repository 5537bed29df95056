import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * test/ mirrors src/ (README, Architecture): each test directory is a src directory, and each
 * top-level test file a top-level src file, except the few the README names.
 */
const EXCEPTIONS: Record<string, string> = {
  // The manual's procedures through Slack: src/handlers/procedures + src/workflows/<procedure>.
  procedures: 'src/handlers/procedures',
  // src/cli.ts and src/main.ts, run as the `qrv` command.
  cli: 'src/cli.ts',
  // Property tests across surfaces (commands, modals).
  fuzz: 'src/handlers',
  support: 'test helpers',
  // .env.example lists every variable.
  'env-example.test.ts': '.env.example',
  'layout.test.ts': 'this test',
};

const root = join(import.meta.dirname, '..');

function entries(dir: string): Array<{ name: string; dir: boolean }> {
  return readdirSync(join(root, dir), { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() }));
}

describe('test/ mirrors src/', () => {
  it('every test directory and top-level test file has its src counterpart (or is a named exception)', () => {
    const strays: string[] = [];
    const walk = (dir: string) => {
      for (const e of entries(dir)) {
        const path = `${dir}/${e.name}`;
        const relative = path.slice('test/'.length);
        if (EXCEPTIONS[relative]) continue;
        if (e.dir) {
          if (!existsSync(join(root, 'src', relative))) strays.push(path);
          else walk(path);
        } else if (dir === 'test' && e.name.endsWith('.test.ts') && !existsSync(join(root, 'src', e.name.replace('.test.ts', '.ts')))) {
          strays.push(path);
        }
      }
    };
    walk('test');
    expect(strays).toEqual([]);
  });
});
