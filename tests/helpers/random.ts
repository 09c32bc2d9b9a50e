import type { RandomBytes } from '../../src/domain/reference-number.ts';

/** mulberry32: a small seeded generator, so every run sees the same "random" bytes. */
export function seededRandom(seed: number): RandomBytes {
  let state = seed >>> 0;
  const nextByte = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return (byteCount) => Uint8Array.from({ length: byteCount }, nextByte);
}
