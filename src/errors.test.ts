import { describe, expect, it } from 'vitest';
import { redactSecrets } from './errors.ts';

describe('redactSecrets', () => {
  it('hides userinfo, credential query parameters and token shapes', () => {
    expect(redactSecrets("fatal: unable to access 'https://u:pw@h/r.git/'")).toBe(
      "fatal: unable to access 'https://***@h/r.git/'",
    );
    expect(
      redactSecrets(
        'https://h/r.git?private_token=abc&ref=main&X-Amz-Signature=def; sig=ghi #access_token=jkl',
      ),
    ).toBe('https://h/r.git?private_token=***&ref=main&X-Amz-Signature=***; sig=ghi #access_token=***');
    expect(redactSecrets('token ghp_abcdefghijklmnopqrstuvwxyz0123')).toBe('token ***');
  });
});
