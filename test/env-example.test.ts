import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Variables the configuration modules read: schema keys (`NAME: optional(…)`) and `env.NAME`. */
function variablesRead(): string[] {
  const names = new Set<string>();
  for (const file of ['src/config.ts', 'src/providers/config.ts', 'src/logs/config.ts']) {
    const text = read(file);
    for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]{3,}): optional\(/gm)) names.add(m[1]!);
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]{3,})\b/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

describe('.env.example', () => {
  it('lists every variable the configuration reads (AWS credential-chain variables aside)', () => {
    const example = read('.env.example');
    const listed = new Set([...example.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    const credentialChain = /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|ROLE_ARN|CONTAINER_CREDENTIALS_.*|DEFAULT_REGION)$/;
    const missing = variablesRead().filter((name) => !listed.has(name) && !credentialChain.test(name));
    expect(variablesRead().length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
