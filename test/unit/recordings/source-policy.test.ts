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
    ['https://recordings.acme-cc.example:6379/', 'data.url must use port 443, got 6379'],
    ['https://recordings.acme-cc.example:8443/r.wav', 'data.url must use port 443, got 8443'],
    ['not a url', 'data.url is not a valid absolute URL'],
  ])('rejects %s', (url, message) => {
    expect(() => checkSourceUrl(url, policy)).toThrow(message);
  });

  it('N17: accepts an explicit :443 (it is the default port)', () => {
    expect(checkSourceUrl('https://recordings.acme-cc.example:443/r.wav', policy).port).toBe('');
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
    // found by the security review: each passed as public before ipaddr.js
    '::127.0.0.1', // deprecated IPv4-compatible form of loopback
    '64:ff9b:1::a9fe:a9fe', // RFC 8215 local-use NAT64 → 169.254.169.254
    '64:ff9b::a9fe:a9fe', // RFC 6052 NAT64
    '2002:a9fe:a9fe::1', // 6to4 wrapping 169.254.169.254
    '::ffff:0:a9fe:a9fe', // SIIT (RFC 6145) wrapping 169.254.169.254
    'fec0::1', // deprecated site-local
    '2001::1', // Teredo
    '2001:db8::1', // documentation
    '100::1', // discard
    '5f00::1', // segment routing
    '192.0.2.1', // documentation
    '198.18.0.1', // benchmarking
    'fe80::1%eth0', // link-local with a zone
    '[::1]',
  ])('N17: treats %s as not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '[2a00:1450:4001:80b::200e]',
  ])('treats %s as public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

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
