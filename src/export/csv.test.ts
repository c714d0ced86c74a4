// RFC 4180 quoting and spreadsheet-formula neutralising of CSV fields; Backstage entity names.

import { describe, expect, it } from 'vitest';
import { entityName } from './backstage.ts';
import { csvField } from './csv.ts';
import { numericId } from './sap-portal.ts';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(true)).toBe('true');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('entityName / numericId', () => {
  it('makes valid Backstage names', () => {
    expect(entityName('My Repo!! (v2)')).toBe('My-Repo-v2');
    expect(entityName('---')).toBe('unnamed');
    expect(entityName('x'.repeat(100))).toHaveLength(63);
  });

  it('gives stable positive ids', () => {
    expect(numericId('local:a')).toBe(numericId('local:a'));
    expect(numericId('local:a')).not.toBe(numericId('local:b'));
    expect(numericId('local:a')).toBeGreaterThan(0);
  });
});
