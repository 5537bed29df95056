import { describe, expect, it } from 'vitest';
import { createHomeViewersRepository } from '../../src/repositories/home-viewers.js';
import { refreshHomes } from '../../src/slack/home.js';
import { useBotTest } from '../support/bot.js';

const t = useBotTest();

describe('App Home refresh after alert changes', () => {
  it('changes during a refresh share one refresh after it; every caller sees a refresh that started after its call', async () => {
    const bot = await t.h.start();
    await createHomeViewersRepository({ db: t.database.db }).seen({ userId: 'U0SATO', at: new Date() });
    const publishes = () => t.h.fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0SATO').length;
    const before = publishes();
    // Ten alert changes at once (a storm being posted): the first refreshes, the nine others share the next one.
    await Promise.all(Array.from({ length: 10 }, () => refreshHomes(bot.app.client, bot.deps)));
    expect(publishes() - before).toBe(2);
    // Alone again: one refresh per change.
    await refreshHomes(bot.app.client, bot.deps);
    expect(publishes() - before).toBe(3);
  });
});
