import { ContextError, parseContext } from '../../../infra/config';

describe('opsRoleTrust context (who may assume each ops role)', () => {
  it('is empty by default: every role is assumable by this account’s IAM users, each as itself', () => {
    expect(parseContext({}).opsRoleTrust).toEqual({});
    expect(parseContext({ opsRoleTrust: '' }).opsRoleTrust).toEqual({});
  });

  it('takes JSON from -c and an object from cdk.json', () => {
    const trust = {
      qaReviewer: ['111122223333', 'permission-set:QaReviewers'],
      complianceOfficer: ['arn:aws:iam::111122223333:user/compliance/carol'],
      dataProtectionOfficer: ['permission-set:DataProtection'],
    };
    expect(parseContext({ opsRoleTrust: JSON.stringify(trust) }).opsRoleTrust).toEqual(trust);
    expect(parseContext({ opsRoleTrust: trust }).opsRoleTrust).toEqual(trust);
  });

  it.each([
    ['not JSON', '{qaReviewer'],
    ['an unknown capability', JSON.stringify({ admin: ['111122223333'] })],
    [
      'a role ARN (roles must not be trusted: their session name is free)',
      JSON.stringify({ qaReviewer: ['arn:aws:iam::111122223333:role/any'] }),
    ],
    ['a wildcard', JSON.stringify({ dataProtectionOfficer: ['*'] })],
    ['an empty list', JSON.stringify({ qaReviewer: [] })],
    ['a short account id', JSON.stringify({ qaReviewer: ['1234'] })],
  ])('refuses %s, naming the key', (_, value) => {
    expect(() => parseContext({ opsRoleTrust: value })).toThrow(ContextError);
    expect(() => parseContext({ opsRoleTrust: value })).toThrow(/^opsRoleTrust: got .*wanted a JSON object/);
  });
});
