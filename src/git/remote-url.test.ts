import { describe, expect, it } from 'vitest';
import { displayableUrl, parseRemoteUrl } from './remote-url.ts';

describe('parseRemoteUrl', () => {
  it('takes userinfo of http(s) URLs out as credentials', () => {
    expect(parseRemoteUrl('https://u:p%2Fw@host/o/r.git')).toEqual({
      clean: 'https://host/o/r.git',
      withQueryCredentials: 'https://host/o/r.git',
      username: 'u',
      password: 'p/w',
    });
    expect(parseRemoteUrl('https://ghp_tok@host/r').username).toBe('ghp_tok');
  });

  it('drops credential query and fragment parameters from the clean URL only', () => {
    const r = parseRemoteUrl(
      'https://host/r.git?private_token=a&ref=main&X-Amz-Signature=b&sig=c&access_token=d#id_token=e',
    );
    expect(r.clean).toBe('https://host/r.git?ref=main');
    expect(r.withQueryCredentials).toContain('private_token=a');
    expect(parseRemoteUrl('https://host/r.git#main').clean).toBe('https://host/r.git#main');
  });

  it('keeps an ssh user name (an account) but not its password, and leaves scp-like URLs alone', () => {
    expect(parseRemoteUrl('ssh://git:pw@host/r.git').clean).toBe('ssh://git@host/r.git');
    expect(parseRemoteUrl('ssh://git@host/r.git').username).toBeNull();
    expect(parseRemoteUrl('git@host:o/r.git').clean).toBe('git@host:o/r.git');
    expect(displayableUrl('ssh://git@host/r.git?token=x')).toBe('ssh://host/r.git');
  });
});
