import { describe, expect, it } from 'vitest';
import { batched } from '../../src/db/batched.js';

/** A store whose reads are counted; each read sees the store as it is when the read starts. */
function store() {
  const rows = new Map<number, string>([
    [1, 'one'],
    [2, 'two'],
    [3, 'three'],
  ]);
  const batches: number[][] = [];
  return {
    rows,
    batches,
    load: async (keys: readonly number[]) => {
      batches.push([...keys]);
      return new Map(keys.flatMap((k) => (rows.has(k) ? [[k, rows.get(k)!] as const] : [])));
    },
  };
}

describe('reads by key batched across callers', () => {
  it('callers who ask together share one read; each gets its own row, an unknown key nothing', async () => {
    const s = store();
    const db = {};
    const read = batched(db, 'rows', s.load);
    const got = await Promise.all([1, 2, 3, 99, 1].map((k) => read(k)));
    expect(got).toEqual(['one', 'two', 'three', undefined, 'one']);
    expect(s.batches).toEqual([[1, 2, 3, 99, 1]]);
  });

  it('a key asked while a read is under way joins the next read, which sees what was written before it asked', async () => {
    const s = store();
    let gate: Promise<void> = Promise.resolve();
    const db = {};
    const read = batched(db, 'rows', async (keys: readonly number[]) => {
      await gate;
      return s.load(keys);
    });
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const first = read(1);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(s.batches).toEqual([]); // the first read is held at its gate
    s.rows.set(2, 'two, changed');
    const second = [read(2), read(3)];
    open();
    expect(await first).toBe('one');
    expect(await Promise.all(second)).toEqual(['two, changed', 'three']);
    expect(s.batches).toEqual([[1], [2, 3]]);
  });

  it('a failed read rejects every caller in it; the next read is made afresh', async () => {
    const s = store();
    let fail = true;
    const read = batched({}, 'rows', async (keys: readonly number[]) => {
      if (fail) throw new Error('connection lost');
      return s.load(keys);
    });
    const failed = await Promise.allSettled([read(1), read(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await read(2)).toBe('two');
  });

  it('each database handle and name has its own batches', async () => {
    const s = store();
    const [a, b] = [{}, {}];
    await Promise.all([batched(a, 'rows', s.load)(1), batched(b, 'rows', s.load)(2), batched(a, 'other', s.load)(3)]);
    expect(s.batches.sort()).toEqual([[1], [2], [3]]);
  });
});
