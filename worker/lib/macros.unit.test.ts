import { describe, expect, it } from 'vitest';
import { fillMacros, isHttpUrlTemplate } from './macros.ts';

describe('macros', () => {
  it('fill known macros URL-encoded and leave unknown ones', () => {
    expect(
      fillMacros('https://x.example/?c={click_id}&s={sub1}&u={nope}', {
        click_id: 'a b&c',
        sub1: null,
      }),
    ).toBe('https://x.example/?c=a%20b%26c&s=&u={nope}');
  });

  it('accept only http(s) templates', () => {
    expect(isHttpUrlTemplate('https://x.example/?c={click_id}')).toBe(true);
    expect(isHttpUrlTemplate('http://127.0.0.1:8790/offer')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'ftp://x.example/',
      '//x.example/',
      'data:text/html,hi',
      '{click_id}',
    ]) {
      expect(isHttpUrlTemplate(bad)).toBe(false);
    }
  });
});
