import { originKey, sourceCredentials } from '../../../shared/recordings/source-credentials';

describe('recording source credentials (N17: scoped by origin)', () => {
  it('keys credentials by origin: scheme, host and port', () => {
    const parsed = sourceCredentials.parse({
      'https://recordings.acme-cc.example': { authorization: 'Bearer a' },
      'https://recordings.acme-cc.example:8443/': { authorization: 'Bearer b' },
    });
    expect(parsed.get('https://recordings.acme-cc.example')).toEqual({ authorization: 'Bearer a' });
    expect(parsed.get('https://recordings.acme-cc.example:8443')).toEqual({ authorization: 'Bearer b' });
    expect(parsed.get('http://recordings.acme-cc.example')).toBeUndefined();
    expect(parsed.get('https://recordings.acme-cc.example:6379')).toBeUndefined();
  });

  it('normalises the default port, so :443 and no port are the same origin', () => {
    expect(originKey('https://Recordings.Acme-cc.example:443')).toBe('https://recordings.acme-cc.example');
  });

  it.each(['recordings.acme-cc.example', 'https://recordings.acme-cc.example/r', 'https://x.example/?a=1'])(
    'refuses the key %s (not an origin)',
    (key) => {
      expect(() => sourceCredentials.parse({ [key]: { authorization: 'Bearer a' } })).toThrow(
        'must be an origin',
      );
    },
  );
});
