// The readers validate with the libraries a caller loaded: register them all, as the crawl does.
import './manifests/all-parsers.ts';
import { describe, expect, it } from 'vitest';
import { parseInnerSourceJson } from './innersource-json.ts';

describe('parseInnerSourceJson', () => {
  it('reads the InnerSource Portal fields', () => {
    const json = JSON.stringify({
      title: 'Payments API',
      motivation: 'One way to take payments',
      contributions: ['Code', 'Documentation'],
      skills: ['Java', 'Kafka'],
      logo: 'docs/logo.png',
      docs: 'https://docs.example.com/payments',
      language: 'Java',
    });
    const r = parseInnerSourceJson(json, 'innersource.json');
    expect(r.findings).toEqual([]);
    expect(r.meta).toEqual({
      title: 'Payments API',
      motivation: 'One way to take payments',
      contributions: ['Code', 'Documentation'],
      skills: ['Java', 'Kafka'],
      logo: 'docs/logo.png',
      docs: 'https://docs.example.com/payments',
      language: 'Java',
    });
    expect(r.owners).toEqual([]);
  });

  it('accepts legacy keys and comma-separated lists; official keys win', () => {
    const json = JSON.stringify({
      name: 'Old',
      description: 'Why',
      skills: 'Go, SQL',
      title: 'New',
      documentation: 'd',
    });
    expect(parseInnerSourceJson(json, 'innersource.json').meta).toEqual({
      title: 'New',
      motivation: 'Why',
      skills: ['Go', 'SQL'],
      docs: 'd',
    });
  });

  it('names each wrongly typed key and keeps the rest', () => {
    const json = JSON.stringify({ title: 5, skills: [1, 2], contributions: ['Code'], logo: null });
    const r = parseInnerSourceJson(json, 'innersource.json');
    expect(r.meta).toEqual({ contributions: ['Code'] });
    expect(r.findings.map((f) => [f.code, f.message.split(':')[0]])).toEqual([
      ['INNERSOURCE_JSON_INVALID', '"title"'],
      ['INNERSOURCE_JSON_INVALID', '"skills"'],
      ['INNERSOURCE_JSON_INVALID', '"logo"'],
    ]);
  });

  it('reports malformed JSON and non-object tops', () => {
    expect(parseInnerSourceJson('{"title": ', 'innersource.json')).toMatchObject({
      meta: null,
      findings: [{ code: 'INNERSOURCE_JSON_INVALID' }],
    });
    expect(parseInnerSourceJson('[1,2]', 'innersource.json').meta).toBeNull();
    expect(parseInnerSourceJson('"x"', 'innersource.json').findings).toHaveLength(1);
  });

  it('survives deep nesting', () => {
    const deep = `{"title": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const r = parseInnerSourceJson(deep, 'innersource.json');
    expect(r.meta).toEqual({});
    expect(r.findings).toHaveLength(1);
  });

  it('reads declared owners (an Agora extension)', () => {
    const r = parseInnerSourceJson(
      JSON.stringify({ owners: ['@acme/payments', 'pay@example.com', 'payments'] }),
      'x',
    );
    expect(r.owners.map((o) => [o.owner, o.kind, o.source])).toEqual([
      ['@acme/payments', 'team', 'innersource'],
      ['pay@example.com', 'email', 'innersource'],
      ['payments', 'group', 'innersource'],
    ]);
  });
});
