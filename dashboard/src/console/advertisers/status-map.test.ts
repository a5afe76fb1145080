import { describe, expect, it } from 'vitest';
import { mapOfRows, placeIssues, rowsOf } from './status-map.ts';

describe('status map editor', () => {
  it('turns the map into lines and back, leaving blank lines out', () => {
    const lines = rowsOf({ paid: 'approved', wait: 'pending' });
    expect(lines).toEqual([
      { key: 'paid', value: 'approved' },
      { key: 'wait', value: 'pending' },
    ]);
    expect(mapOfRows([...lines, { key: '  ', value: 'rejected' }])).toEqual({
      map: { paid: 'approved', wait: 'pending' },
      errors: new Map(),
    });
  });

  it('refuses a value listed twice at its second line, which the API could never see', () => {
    const { errors } = mapOfRows([
      { key: 'paid', value: 'approved' },
      { key: 'x', value: 'pending' },
      { key: 'paid', value: 'rejected' },
    ]);
    expect([...errors]).toEqual([
      [2, '“paid” is already on line 1: each value maps to one status.'],
    ]);
  });

  it('keeps "__proto__" as an ordinary value', () => {
    expect(JSON.stringify(mapOfRows([{ key: '__proto__', value: 'approved' }]).map)).toBe(
      '{"__proto__":"approved"}',
    );
  });

  it("puts the API's messages at the line they are about", () => {
    const lines = [
      { key: 'ok', value: 'approved' as const },
      { key: ' leading', value: 'pending' as const },
      { key: 'q"uote', value: 'rejected' as const },
    ];
    const placed = placeIssues(lines, [
      {
        path: 'status_map',
        message:
          'status_map keys must be 1 to 32 printable ASCII characters, without leading or trailing spaces',
      },
      {
        path: 'status_map',
        message: 'status_map values must be approved, pending or rejected (key "q\\"uote")',
      },
      { path: 'status_map', message: 'status_map may map at most 32 status values (got 40)' },
      { path: 'name', message: 'name must not be empty' },
    ]);
    expect([...placed.lines]).toEqual([
      [
        1,
        'status_map keys must be 1 to 32 printable ASCII characters, without leading or trailing spaces',
      ],
      [2, 'status_map values must be approved, pending or rejected (key "q\\"uote")'],
    ]);
    expect(placed.map).toEqual(['status_map may map at most 32 status values (got 40)']);
    expect(placed.name).toBe('name must not be empty');
  });
});
