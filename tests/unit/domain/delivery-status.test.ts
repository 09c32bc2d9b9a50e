import { describe, expect, it } from 'vitest';
import { deliveryStatus, MAX_DELIVERY_ATTEMPTS, MAX_RETRY_DELAY_MS, nextAttemptDelay } from '../../../src/domain/delivery-status.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('deliveryStatus', () => {
  it.each([
    // Nothing has happened yet.
    [{ deliveredAt: null, failedAt: null }, 'pending'],
    [{ deliveredAt: 1_000, failedAt: null }, 'delivered'],
    [{ deliveredAt: null, failedAt: 1_000 }, 'failed'],
    // A bounce reported after the server accepted the message.
    [{ deliveredAt: 1_000, failedAt: 2_000 }, 'failed'],
    // Delivered after an earlier failure (a resend), whichever order the timestamps were written in.
    [{ deliveredAt: 2_000, failedAt: 1_000 }, 'delivered'],
    // Equal times: GOV.UK Forms counts this as failed, and so do we.
    [{ deliveredAt: 1_000, failedAt: 1_000 }, 'failed'],
  ] as const)('derives %o as %s', (timestamps, status) => {
    expect(deliveryStatus(timestamps)).toBe(status);
  });
});

describe('nextAttemptDelay', () => {
  it.each([
    [1, 30 * SECOND],
    [2, 1 * MINUTE],
    [3, 2 * MINUTE],
    [4, 4 * MINUTE],
    [5, 8 * MINUTE],
    [6, 16 * MINUTE],
    [7, 32 * MINUTE],
    [8, 64 * MINUTE],
    // 128 minutes would be next; capped at 2 hours from here on.
    [9, 2 * HOUR],
    [12, 2 * HOUR],
  ])('waits the doubling delay after attempt %i, with no jitter', (attempts, delay) => {
    expect(nextAttemptDelay(attempts, 0)).toBe(delay);
  });

  it('gives up once the last attempt has failed', () => {
    expect(nextAttemptDelay(MAX_DELIVERY_ATTEMPTS, 0)).toBeNull();
    expect(nextAttemptDelay(MAX_DELIVERY_ATTEMPTS + 1, 0.5)).toBeNull();
  });

  it('keeps trying for at least 10 hours before giving up', () => {
    let total = 0;
    for (let attempts = 1; attempts < MAX_DELIVERY_ATTEMPTS; attempts += 1) total += nextAttemptDelay(attempts, 0) ?? 0;
    expect(total).toBeGreaterThanOrEqual(10 * HOUR);
    expect(total).toBeLessThan(11 * HOUR);
  });

  it('adds up to a fifth more with jitter, never less', () => {
    expect(nextAttemptDelay(1, 0.5)).toBe(33 * SECOND);
    expect(nextAttemptDelay(1, 0.999_999)).toBe(36 * SECOND);
    expect(nextAttemptDelay(12, 0.5)).toBe(MAX_RETRY_DELAY_MS + MAX_RETRY_DELAY_MS / 10);
  });

  it('treats jitter outside 0 to 1 as the nearest end', () => {
    expect(nextAttemptDelay(1, -3)).toBe(30 * SECOND);
    expect(nextAttemptDelay(1, 7)).toBe(36 * SECOND);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s attempts as a programming error', (attempts) => {
    expect(() => nextAttemptDelay(attempts, 0)).toThrow(RangeError);
  });
});
