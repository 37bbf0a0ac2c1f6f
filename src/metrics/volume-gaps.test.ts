import { describe, expect, it } from 'vitest';
import { volumeGaps } from './volume-gaps.js';

describe('periods with lawsuits but no business volume', () => {
  const points = [
    { period: '2025-05', events: 4, exposure: 0 },
    { period: '2025-06', events: 3, exposure: 1200 },
    { period: '2025-07', events: 5, exposure: 0 },
    { period: '2025-08', events: 0, exposure: 0 },
    { period: '2025-09', events: 6, exposure: 0 },
  ];

  it('inside the window only: 2025-07 and 2025-09 (11 disputes); a month without events is no gap', () => {
    expect(volumeGaps(points, { from: '2025-06-01', to: '2025-09-30' })).toEqual({ periods: ['2025-07', '2025-09'], events: 11 });
  });

  it('none when every month has volume', () => {
    expect(volumeGaps(points.slice(1, 2), { from: '2025-01-01', to: '2025-12-31' })).toEqual({ periods: [], events: 0 });
  });
});
