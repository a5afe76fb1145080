import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { qualityView, type QualityData } from './quality.ts';

const answer: QualityData = {
  totals: { clicks: 1300, suspicious: 200, suspicious_share: 0.1538 },
  data: [
    { key: 'popunder', clicks: 600, suspicious: 150, suspicious_share: 0.25 },
    { key: '', clicks: 700, suspicious: 50, suspicious_share: 0.0714 },
  ],
  ctit: [
    { bucket: '<10s', conversions: 4, pending: 4 },
    { bucket: '10-60s', conversions: 1200, pending: 0 },
    { bucket: '1-10m', conversions: 0, pending: 0 },
    { bucket: '10-60m', conversions: 0, pending: 0 },
    { bucket: '1-24h', conversions: 0, pending: 0 },
    { bucket: '>24h', conversions: 0, pending: 0 },
  ],
};

describe('quality view', () => {
  it('words totals, names groups through the label and flags a high suspicious share', () => {
    const source = signal<QualityData | undefined>(undefined);
    const view = qualityView(source, 'en-US', (key) => (key === '' ? '(none)' : key.toUpperCase()));
    expect(view.totals.value).toBeUndefined();
    expect(view.sources.value).toBeNull();
    source.value = answer;
    expect(view.totals.value).toMatchObject({
      clicks: '1,300',
      suspicious: '200',
      share: '15.38%',
    });
    expect(view.sources.value).toEqual([
      {
        key: 'popunder',
        label: 'POPUNDER',
        clicks: '600',
        suspicious: '150',
        share: '25%',
        ratio: 0.25,
        flagged: true,
      },
      {
        key: '',
        label: '(none)',
        clicks: '700',
        suspicious: '50',
        share: '7.14%',
        ratio: 0.0714,
        flagged: false,
      },
    ]);
  });

  it('keeps the CTIT counts as numbers for the chart and as text for people', () => {
    const view = qualityView(signal<QualityData | undefined>(answer), 'en-US', String);
    expect(view.ctit.value?.[1]).toEqual({
      bucket: '10-60s',
      label: '10–60 s',
      count: 1200,
      held: 0,
      conversions: '1,200',
      pending: '0',
    });
    expect(view.ctit.value?.map((b) => b.label)).toEqual([
      'Under 10 s',
      '10–60 s',
      '1–10 min',
      '10–60 min',
      '1–24 h',
      'Over 24 h',
    ]);
  });
});
