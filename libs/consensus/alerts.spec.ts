import { detectSpamBursts, detectValidityAlerts, suspectFromFlags, type ProbabilityPoint, type VoteEvent } from './alerts.js';
import type { VoterFlag } from './em-options.js';
import { mulberry32 } from './sim.js';

const points = (ps: number[], step = 1): ProbabilityPoint[] => ps.map((probability, k) => ({ time: k * step, probability }));

describe('detectValidityAlerts', () => {
  it('reports a fast verdict flip and the jump behind it', () => {
    const alerts = detectValidityAlerts(points([0.8, 0.97, 0.98, 0.02]), { window: 10 });
    expect(alerts).toEqual([
      { kind: 'verdict_flip', time: 3, since: 2, from: 'likely_right', to: 'likely_wrong' },
      { kind: 'rapid_change', time: 3, since: 2, from: 0.98, to: 0.02 },
    ]);
  });

  it('stays quiet on a slow drift from right to wrong', () => {
    const drift = Array.from({ length: 99 }, (_, k) => 0.99 - k * 0.01);
    expect(detectValidityAlerts(points(drift), { window: 10, maxDelta: 0.3 })).toEqual([]);
    // The same drift squeezed into a short time is an alert.
    expect(detectValidityAlerts(points(drift, 0.01), { window: 10 }).map((a) => a.kind)).toContain('verdict_flip');
  });

  it('raises one alert per swing, not one per point after it', () => {
    const alerts = detectValidityAlerts(points([0.5, 0.9, 0.91, 0.92, 0.5, 0.49, 0.48, 0.9]), { window: 100, cutoffs: { right: 0.99, wrong: 0.01 } });
    expect(alerts.map((a) => [a.kind, a.time])).toEqual([
      ['rapid_change', 1],
      ['rapid_change', 4],
      ['rapid_change', 7],
    ]);
  });

  it("ignores 'unknown' points for flips", () => {
    const h: ProbabilityPoint[] = [
      { time: 0, probability: 0.99 },
      { time: 1, probability: 0.01, informative: 0 },
    ];
    expect(detectValidityAlerts(h, { window: 5, maxDelta: 0.99 })).toEqual([]);
  });

  it('matches a brute-force scan on random histories', () => {
    const rand = mulberry32(8);
    for (let trial = 0; trial < 50; trial++) {
      const h: ProbabilityPoint[] = [];
      let t = 0;
      for (let k = 0; k < 60; k++) h.push({ time: (t += Math.floor(rand() * 4)), probability: Math.round(rand() * 10) / 10 });
      const window = 3 + Math.floor(rand() * 6);
      const got = detectValidityAlerts(h, { window, maxDelta: 0.35 }).filter((a) => a.kind === 'rapid_change');
      const want: Array<{ time: number; since: number }> = [];
      let base = 0;
      for (let k = 0; k < h.length; k++) {
        let lo = -1;
        let hi = -1;
        for (let s = base; s < k; s++) {
          if (h[k].time - h[s].time > window) continue;
          if (lo < 0 || h[s].probability <= h[lo].probability) lo = s;
          if (hi < 0 || h[s].probability >= h[hi].probability) hi = s;
        }
        const ref = lo >= 0 && h[k].probability - h[lo].probability > 0.35 ? lo : hi >= 0 && h[hi].probability - h[k].probability > 0.35 ? hi : -1;
        if (ref >= 0) {
          want.push({ time: h[k].time, since: h[ref].time });
          base = k;
        }
      }
      expect(got.map((a) => ({ time: a.time, since: a.since }))).toEqual(want);
    }
  });

  it('rejects unsorted input and a bad window', () => {
    expect(() => detectValidityAlerts([{ time: 2, probability: 0.5 }, { time: 1, probability: 0.5 }], { window: 1 })).toThrow(RangeError);
    expect(() => detectValidityAlerts([], { window: 0 })).toThrow(RangeError);
  });
});

describe('detectSpamBursts', () => {
  const flags: VoterFlag[] = ['trusted', 'trusted', 'suspected_spammer', 'adversarial', 'training'];
  const isSuspect = suspectFromFlags(flags);
  const steady = (until: number): VoteEvent[] => Array.from({ length: until / 10 }, (_, k) => ({ time: k * 10, voter: k % 2 }));
  const merge = (...lists: VoteEvent[][]) => lists.flat().sort((a, b) => a.time - b.time);

  it('maps flags to suspects', () => {
    expect([0, 1, 2, 3, 4, 99].map(isSuspect)).toEqual([false, false, true, true, false, false]);
  });

  it('finds a tight cluster of suspect votes amid steady honest voting', () => {
    const burst = Array.from({ length: 8 }, (_, k) => ({ time: 501 + k * 0.5, voter: 2 + (k % 2) }));
    expect(detectSpamBursts(merge(steady(1000), burst), { window: 10, isSuspect })).toEqual([
      { start: 501, end: 504.5, suspectVotes: 8, totalVotes: 8 },
    ]);
  });

  it('ignores the same suspect votes spread thin, and keeps far-apart bursts separate', () => {
    const thin = Array.from({ length: 8 }, (_, k) => ({ time: 5 + k * 100, voter: 2 }));
    expect(detectSpamBursts(merge(steady(1000), thin), { window: 10, isSuspect })).toEqual([]);
    const two = [100, 700].flatMap((t0) => Array.from({ length: 6 }, (_, k) => ({ time: t0 + 1 + k, voter: 3 })));
    expect(detectSpamBursts(merge(steady(1000), two), { window: 10, isSuspect }).map((b) => b.start)).toEqual([101, 701]);
  });

  it('respects the share threshold', () => {
    const busy = Array.from({ length: 40 }, (_, k) => ({ time: 300 + k * 0.2, voter: k % 2 }));
    const hidden = Array.from({ length: 6 }, (_, k) => ({ time: 300.05 + k, voter: 2 }));
    const events = merge(busy, hidden);
    expect(detectSpamBursts(events, { window: 10, isSuspect })).toEqual([]);
    const found = detectSpamBursts(events, { window: 10, isSuspect, minShare: 0.1 });
    expect(found).toHaveLength(1);
    expect(found[0].suspectVotes).toBe(6);
  });
});
