import { Match } from 'aws-cdk-lib/assertions';
import { synthStack } from '../support/stack';

const blockedSms = (context: Record<string, string>) => {
  const configs = synthStack(context).template.findResources('AWS::SMSVOICE::ProtectConfiguration');
  expect(Object.keys(configs)).toHaveLength(1);
  const rules = (
    Object.values(configs)[0] as {
      Properties: { CountryRuleSet: { SMS: { CountryCode: string; ProtectStatus: string }[] } };
    }
  ).Properties.CountryRuleSet.SMS;
  expect(new Set(rules.map((r) => r.ProtectStatus))).toEqual(new Set(['BLOCK']));
  return rules.map((r) => r.CountryCode);
};

describe('SMS guard rails (N10)', () => {
  it('N10: the protect configuration blocks SMS to every country but Finland by default', () => {
    const blocked = blockedSms({});
    expect(blocked).not.toContain('FI');
    expect(blocked).toEqual(expect.arrayContaining(['SE', 'EE', 'US', 'GB', 'RU', 'NG']));
    expect(blocked.length).toBeGreaterThan(200);
  });

  it('N10: allows exactly the configured countries', () => {
    const blocked = blockedSms({ smsAllowedCountries: 'FI,SE' });
    expect(blocked).not.toContain('FI');
    expect(blocked).not.toContain('SE');
    expect(blocked).toContain('EE');
  });

  it('N10: makes it the account default protect configuration, so SMS sent through SNS is covered too', () => {
    const { template } = synthStack();
    const protectId = Object.keys(template.findResources('AWS::SMSVOICE::ProtectConfiguration'))[0] as string;
    const custom = JSON.stringify(template.findResources('Custom::AWS'));
    expect(custom).toContain('setAccountDefaultProtectConfiguration');
    expect(custom).toContain('deleteAccountDefaultProtectConfiguration');
    expect(custom).toContain(protectId);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: [
              'sms-voice:SetAccountDefaultProtectConfiguration',
              'sms-voice:DeleteAccountDefaultProtectConfiguration',
            ],
            Resource: { 'Fn::GetAtt': [protectId, 'Arn'] },
          }),
        ]),
      },
    });
  });

  it('N10: gives the survey sender the global daily cap (default 500, or the context value)', () => {
    const capOf = (context: Record<string, string>) => {
      const sender = Object.values(
        synthStack(context).template.findResources('AWS::Lambda::Function', {
          Properties: {
            Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'survey-send' }) },
          },
        }),
      )[0] as { Properties: { Environment: { Variables: Record<string, string> } } };
      return sender.Properties.Environment.Variables.SURVEY_DAILY_CAP;
    };
    expect(capOf({})).toBe('500');
    expect(capOf({ smsAllowedCountries: 'FI,SE', surveyDailyCap: '40' })).toBe('40');
  });
});
