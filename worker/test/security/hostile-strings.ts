// Strings that break naive SQL, HTML, header or charset handling; each must come back byte for byte or be refused.
export const inertStrings: [string, string][] = [
  ['SQL quote', "' OR '1'='1"],
  ['SQL statement', "x'; DROP TABLE clicks; -- "],
  ['backslash escape', "\\' OR 1=1 #"],
  ['double quotes', '" OR ""="'],
  ['UNION', '1 UNION SELECT api_key_hash FROM affiliates'],
  ['SLEEP', "1' AND SLEEP(3) AND '1'='1"],
  ['LIKE wildcards', '100%_off'],
  ['macro lookalike', '{click_id}{affiliate_id}'],
  ['HTML', '<script>alert(1)</script>'],
  ['Latin-1', 'Ünïcödé façade'],
  ['CJK', '日本語のテキスト'],
  ['4-byte emoji', '🎉💸👩‍👩‍👧'],
  ['right-to-left override', 'مرحبا \u202Eevil'],
  ['zero-width and BOM', 'a\u200Bb\uFEFFc'],
  ['combining accent', 'e\u0301'],
  ['line separator', 'a\u2028b'],
  ['replacement character', '\uFFFD'],
  ['percent-encoding lookalike', '%27%20OR%201%3D1'],
];

export const controlStrings: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['CR LF header injection', 'a\r\nSet-Cookie: x=1'],
  ['LF', 'a\nb'],
  ['tab', 'a\tb'],
  ['DEL', 'a\u007Fb'],
  ['escape sequence', '\u001b[31mred'],
];

const PRINTABLE_ASCII = /^[\x21-\x7E]+$/;
const NO_CONTROL = /^[^\x00-\x1F\x7F]*$/;

// The documented character rule of each kind of text field.
export const fieldRules = {
  identifier: (v: string) => PRINTABLE_ASCII.test(v),
  text: (v: string) => NO_CONTROL.test(v),
  event: (v: string) => /^[A-Za-z0-9_.:-]{1,64}$/.test(v),
} as const;
