import {
  checkSourceUrl,
  isPublicAddress,
  mayConnect,
  parseHostList,
} from '../../../shared/recordings/source-policy';

const policy = { allowedHosts: ['recordings.acme-cc.example', '*.media.provider.example'] };

describe('checkSourceUrl (N17: SSRF rules for recording URLs)', () => {
  it('accepts an https URL on the allow-list, exact or by subdomain pattern', () => {
    expect(checkSourceUrl('https://recordings.acme-cc.example/r/1.wav?token=x', policy).hostname).toBe(
      'recordings.acme-cc.example',
    );
    expect(checkSourceUrl('https://eu1.media.provider.example/a.mp3', policy).hostname).toBe(
      'eu1.media.provider.example',
    );
  });

  it.each([
    ['http://recordings.acme-cc.example/r.wav', 'data.url must use https, got http'],
    ['ftp://recordings.acme-cc.example/r.wav', 'data.url must use https, got ftp'],
    [
      'https://media.provider.example/r.wav',
      'data.url host media.provider.example is not on the recording source allow-list',
    ],
    ['https://recordings.acme-cc.example.attacker.example/', 'is not on the recording source allow-list'],
    ['https://127.0.0.1/r.wav', 'data.url host 127.0.0.1 is not on the recording source allow-list'],
    ['https://169.254.169.254/latest/meta-data/', 'data.url host 169.254.169.254 is not on'],
    ['https://user:pw@recordings.acme-cc.example/r.wav', 'data.url must not carry a user name or password'],
    ['not a url', 'data.url is not a valid absolute URL'],
  ])('rejects %s', (url, message) => {
    expect(() => checkSourceUrl(url, policy)).toThrow(message);
  });

  it('never repeats the path or query of a refused URL (they may carry tokens)', () => {
    expect(() => checkSourceUrl('http://recordings.acme-cc.example/secret-path?token=abc', policy)).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/secret-path|abc/) }),
    );
  });

  it('refuses a private IP literal even when an operator allow-listed it', () => {
    expect(() => checkSourceUrl('https://10.0.0.5/r.wav', { allowedHosts: ['10.0.0.5'] })).toThrow(
      'data.url address 10.0.0.5 is not a public address',
    );
  });

  it('allows plain http to loopback only for an endpoint named as trusted (tests, local mode)', () => {
    const local = { allowedHosts: [], trustedLocalEndpoints: ['127.0.0.1:8080'] };
    expect(checkSourceUrl('http://127.0.0.1:8080/r.wav', local).port).toBe('8080');
    expect(() => checkSourceUrl('http://127.0.0.1:8081/r.wav', local)).toThrow('must use https');
  });
});

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    'not-an-ip',
  ])('N17: treats %s as not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'])(
    'treats %s as public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('connects to a non-public address only for a trusted local endpoint', () => {
    const url = new URL('http://127.0.0.1:8080/r.wav');
    expect(mayConnect(url, '127.0.0.1', { allowedHosts: [] })).toBe(false);
    expect(
      mayConnect(url, '127.0.0.1', { allowedHosts: [], trustedLocalEndpoints: ['127.0.0.1:8080'] }),
    ).toBe(true);
  });

  it('parses the allow-list from a comma-separated setting', () => {
    expect(parseHostList(' A.example.com, *.B.example ,, ')).toEqual(['a.example.com', '*.b.example']);
    expect(parseHostList(undefined)).toEqual([]);
  });
});
