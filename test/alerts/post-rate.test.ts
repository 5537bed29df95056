import { describe, expect, it } from 'vitest';
import { createPostRate } from '../../src/alerts/post-rate.js';

/** The rate with a clock the test moves. */
function rateAt(max: number) {
  let now = 1_000_000;
  const rate = createPostRate(max, () => now);
  return { rate, pass: (ms: number) => (now += ms) };
}

describe('the alert posting rate (AIMD on Slack 429s)', () => {
  it('starts at its bound and never goes past it', () => {
    const { rate } = rateAt(8);
    for (let i = 0; i < 50; i++) rate.passed();
    expect(rate.slots()).toBe(8);
    expect(rate.pauseMs()).toBe(0);
  });

  it('a 429 pauses for its Retry-After and halves the bound once, however many posts in flight get one', () => {
    const { rate, pass } = rateAt(16);
    rate.limited(2000);
    rate.limited(2000);
    rate.limited(1000);
    expect(rate.slots()).toBe(8);
    expect(rate.pauseMs()).toBe(2000);
    // Posts that end during the pause were sent before the 429: the bound does not grow back.
    rate.passed();
    expect(rate.slots()).toBe(8);
    pass(2000);
    expect(rate.pauseMs()).toBe(0);
    rate.limited(1000);
    expect(rate.slots()).toBe(4);
  });

  it('after the pause, the bound grows back by one per bound of posts that went through, never below one post', () => {
    const { rate, pass } = rateAt(4);
    for (let i = 0; i < 5; i++) {
      rate.limited(10);
      pass(10);
    }
    expect(rate.slots()).toBe(1);
    rate.passed();
    expect(rate.slots()).toBe(2);
    rate.passed();
    rate.passed();
    expect(rate.slots()).toBe(2);
    for (let i = 0; i < 10; i++) rate.passed();
    expect(rate.slots()).toBe(4);
  });
});
