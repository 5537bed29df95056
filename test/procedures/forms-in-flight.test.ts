import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLAIM_AFTER_FORMS_MAX_WAIT_MS, createFormsInFlight } from '../../src/handlers/procedures/shared/forms-in-flight.js';

/** Whether a promise has settled by now (after the microtasks queued so far). */
async function isDone(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe('claims wait for the procedure forms being opened (a burst: forms first)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('no form being opened: a claim goes at once', async () => {
    const forms = createFormsInFlight();
    expect(await isDone(forms.settled(CLAIM_AFTER_FORMS_MAX_WAIT_MS))).toBe(true);
  });

  it('Sato’s form is shown while Suzuki’s is still opening: Sato’s claim waits until Suzuki’s is shown', async () => {
    const forms = createFormsInFlight();
    const satoShown = forms.start();
    const suzukiShown = forms.start();
    satoShown();
    const satoClaim = forms.settled(CLAIM_AFTER_FORMS_MAX_WAIT_MS);
    expect(await isDone(satoClaim)).toBe(false);
    suzukiShown();
    expect(await isDone(satoClaim)).toBe(true);
    // Saying twice that a form is shown counts once.
    suzukiShown();
    const tanakaShown = forms.start();
    expect(await isDone(forms.settled(CLAIM_AFTER_FORMS_MAX_WAIT_MS))).toBe(false);
    tanakaShown();
  });

  it('a form that never shows holds the claims for CLAIM_AFTER_FORMS_MAX_WAIT_MS at most', async () => {
    const forms = createFormsInFlight();
    forms.start(); // Slack never answers this views.open
    const claim = forms.settled(CLAIM_AFTER_FORMS_MAX_WAIT_MS);
    await vi.advanceTimersByTimeAsync(CLAIM_AFTER_FORMS_MAX_WAIT_MS - 1);
    expect(await isDone(claim)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await isDone(claim)).toBe(true);
  });
});
