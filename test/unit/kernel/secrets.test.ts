import { activeSigningSecrets } from '../../../shared/kernel/secrets';

const now = new Date('2026-11-29T12:00:00Z');

describe('webhook signing secrets (N17: rotation)', () => {
  it('accepts the current secret alone', () => {
    expect(activeSigningSecrets({ current: 'whsec_a' }, now)).toEqual(['whsec_a']);
  });

  it('accepts the previous secret until its expiry', () => {
    const value = { current: 'whsec_b', previous: 'whsec_a', previousExpiresAt: '2026-11-29T12:00:01Z' };
    expect(activeSigningSecrets(value, now)).toEqual(['whsec_b', 'whsec_a']);
  });

  it('refuses the previous secret at and after its expiry', () => {
    const value = { current: 'whsec_b', previous: 'whsec_a', previousExpiresAt: '2026-11-29T12:00:00Z' };
    expect(activeSigningSecrets(value, now)).toEqual(['whsec_b']);
  });

  it('refuses a previous secret that carries no expiry', () => {
    expect(activeSigningSecrets({ current: 'whsec_b', previous: 'whsec_a' }, now)).toEqual(['whsec_b']);
  });

  it('refuses a malformed expiry instead of guessing', () => {
    expect(() =>
      activeSigningSecrets({ current: 'whsec_b', previous: 'whsec_a', previousExpiresAt: 'next week' }, now),
    ).toThrow();
  });
});
