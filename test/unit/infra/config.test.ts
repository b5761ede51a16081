import { CONTEXT_KEYS, ContextError, parseContext, readConfig } from '../../../infra/config';
import { EU_EEA_REGIONS } from '../../../infra/regions';
import { DEFAULT_SURVEY_TEXT } from '../../../shared/surveys/text';

const problemsOf = (context: Record<string, unknown>): readonly string[] => {
  try {
    parseContext(context);
  } catch (error) {
    expect(error).toBeInstanceOf(ContextError);
    return (error as ContextError).problems;
  }
  throw new Error(`expected ${JSON.stringify(context)} to be refused`);
};
const months = (key: string, got: string, example: number) =>
  `${key}: got ${got}; wanted a whole number of months from 1 to 120, e.g. ${example}`;

describe('CDK context (infra/config.ts)', () => {
  it('reads every key the app uses', () => {
    expect([...CONTEXT_KEYS].sort()).toEqual(
      [
        'auditRetentionMonths',
        'chatRetentionMonths',
        'eraseSinglePersonReason',
        'opsRoleTrust',
        'platforms',
        'recordingSourceHosts',
        'region',
        'retentionMonths',
        'surveyOriginationIdentity',
        'surveyText',
        'alarmEmail',
        'alarmWebhookUrl',
        'webhookThrottleRate',
        'webhookThrottleBurst',
        'uploadUrlThrottleRate',
        'uploadUrlThrottleBurst',
        'opsThrottleRate',
        'opsThrottleBurst',
        'smsMonthlySpendLimitUsd',
        'smsSpendAlarmShare',
        'smsAllowedCountries',
        'surveyDailyCap',
        'webhookBaseUrl',
        'connectInstanceArn',
      ].sort(),
    );
  });

  it('N12, N13, N7: defaults to eu-north-1, 12 months for calls and chats, 24 for the audit trail', () => {
    expect(parseContext({})).toEqual({
      region: 'eu-north-1',
      retentionMonths: 12,
      chatRetentionMonths: 12,
      auditRetentionMonths: 24,
      surveyText: undefined,
      surveyOriginationIdentity: undefined,
      recordingSourceHosts: undefined,
      alarmEmail: undefined,
      alarmWebhookUrl: undefined,
      webhookThrottleRate: 50,
      webhookThrottleBurst: 100,
      uploadUrlThrottleRate: 10,
      uploadUrlThrottleBurst: 20,
      opsThrottleRate: 10,
      opsThrottleBurst: 20,
      smsMonthlySpendLimitUsd: 1,
      smsSpendAlarmShare: 0.8,
      smsAllowedCountries: ['FI'],
      surveyDailyCap: 500,
      opsRoleTrust: {},
      eraseSinglePersonReason: undefined,
      platforms: [],
      webhookBaseUrl: undefined,
      connectInstanceArn: undefined,
    });
  });

  it('takes the alarm endpoints, throttles and SMS guard rails from strings or numbers', () => {
    const config = parseContext({
      alarmEmail: 'oncall@example.com',
      alarmWebhookUrl: 'https://chat.example.com/hooks/oncall',
      webhookThrottleRate: '200',
      webhookThrottleBurst: 400,
      opsThrottleRate: ' 5 ',
      smsMonthlySpendLimitUsd: '250',
      smsSpendAlarmShare: '0.75',
      smsAllowedCountries: 'FI, SE',
      surveyDailyCap: '0',
    });
    expect(config).toMatchObject({
      alarmEmail: 'oncall@example.com',
      alarmWebhookUrl: 'https://chat.example.com/hooks/oncall',
      webhookThrottleRate: 200,
      webhookThrottleBurst: 400,
      opsThrottleRate: 5,
      smsMonthlySpendLimitUsd: 250,
      smsSpendAlarmShare: 0.75,
      smsAllowedCountries: ['FI', 'SE'],
      surveyDailyCap: 0,
    });
    expect(parseContext({ alarmEmail: '' }).alarmEmail).toBeUndefined();
  });

  it('refuses bad alarm endpoints, throttles and SMS guard rails, naming the key and an example', () => {
    expect(
      problemsOf({
        alarmEmail: 'oncall',
        alarmWebhookUrl: 'http://chat.example.com/hook',
        webhookThrottleRate: '0',
        opsThrottleBurst: '2.5',
        smsMonthlySpendLimitUsd: 'lots',
        smsSpendAlarmShare: '1.5',
        smsAllowedCountries: 'Finland',
      }),
    ).toEqual([
      'alarmEmail: got "oncall"; wanted an e-mail address, e.g. oncall@example.com',
      'alarmWebhookUrl: got "http://chat.example.com/hook"; wanted an https URL that accepts SNS notifications, e.g. https://chat.example.com/hooks/oncall',
      'webhookThrottleRate: got "0"; wanted a whole number from 1 to 10000, e.g. 50',
      'opsThrottleBurst: got "2.5"; wanted a whole number from 1 to 5000, e.g. 20',
      'smsMonthlySpendLimitUsd: got "lots"; wanted a whole number from 1 to 1000000, e.g. 50',
      'smsSpendAlarmShare: got "1.5"; wanted a number from 0.1 to 1, e.g. 0.8',
      'smsAllowedCountries: got "Finland"; wanted comma-separated ISO country codes, e.g. FI or FI,SE',
    ]);
  });

  it('takes months as CLI strings (-c key=18) or as numbers (cdk.json)', () => {
    const fromCli = parseContext({
      retentionMonths: '18',
      chatRetentionMonths: ' 6 ',
      auditRetentionMonths: '36',
    });
    const fromJson = parseContext({ retentionMonths: 18, chatRetentionMonths: 6, auditRetentionMonths: 36 });
    for (const config of [fromCli, fromJson]) {
      expect(config).toMatchObject({ retentionMonths: 18, chatRetentionMonths: 6, auditRetentionMonths: 36 });
    }
    expect(parseContext({ retentionMonths: 1 }).retentionMonths).toBe(1);
    expect(parseContext({ retentionMonths: '120' }).retentionMonths).toBe(120);
  });

  it('N13: chats follow retentionMonths unless chatRetentionMonths is given', () => {
    expect(parseContext({ retentionMonths: '18' }).chatRetentionMonths).toBe(18);
    expect(parseContext({ retentionMonths: '18', chatRetentionMonths: '6' }).chatRetentionMonths).toBe(6);
  });

  it.each(EU_EEA_REGIONS)('N12: accepts the EU/EEA region %s', (region) => {
    expect(parseContext({ region }).region).toBe(region);
  });

  it.each(['us-east-1', 'eu-west-2', 'eu-central-2', 'ap-northeast-1'])(
    'N12: refuses %s with the wording of infra/regions.ts, naming the region and the allowed ones',
    (region) => {
      expect(problemsOf({ region })).toEqual([
        `region "${region}" is outside the EU/EEA and is refused (privacy notice N12: no transfer outside the EU/EEA). Deploy with -c region=<one of ${EU_EEA_REGIONS.join(', ')}>.`,
      ]);
      // One problem: the message is that sentence alone, exactly as before the config check.
      expect(() => parseContext({ region })).toThrow(
        new Error(
          `region "${region}" is outside the EU/EEA and is refused (privacy notice N12: no transfer outside the EU/EEA). Deploy with -c region=<one of ${EU_EEA_REGIONS.join(', ')}>.`,
        ),
      );
    },
  );

  it('accepts the survey text, origination identity and recording hosts as given', () => {
    const config = parseContext({
      surveyText: 'Kiitos! Vastaa 1-5.',
      surveyOriginationIdentity: '+358451234567',
      recordingSourceHosts: 'recordings.acme-cc.example, *.cc.example,REC.example.com',
    });
    expect(config).toMatchObject({
      surveyText: 'Kiitos! Vastaa 1-5.',
      surveyOriginationIdentity: '+358451234567',
      recordingSourceHosts: 'recordings.acme-cc.example, *.cc.example,REC.example.com',
    });
    expect(parseContext({ surveyText: DEFAULT_SURVEY_TEXT }).surveyText).toBe(DEFAULT_SURVEY_TEXT);
    const pool = 'arn:aws:sms-voice:eu-north-1:123456789012:pool/pool-1234abcd';
    expect(parseContext({ surveyOriginationIdentity: pool }).surveyOriginationIdentity).toBe(pool);
  });

  it('treats an empty origination identity or host list (-c key=) as unset, as before', () => {
    expect(parseContext({ surveyOriginationIdentity: '', recordingSourceHosts: '' })).toMatchObject({
      surveyOriginationIdentity: undefined,
      recordingSourceHosts: undefined,
    });
  });

  it('ignores context keys it does not own (CDK feature flags, bundling-stacks)', () => {
    expect(
      parseContext({ 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:enableDiffNoFail': true } as never),
    ).toEqual(parseContext({}));
  });

  describe('refuses a bad value, naming the key, the value and what it wanted', () => {
    it.each([
      ['abc', '"abc"'],
      ['0', '"0"'],
      ['121', '"121"'],
      ['12.5', '"12.5"'],
      ['-3', '"-3"'],
      ['', '""'],
      [0, '0'],
      [12.5, '12.5'],
      [true, 'true'],
    ])('retentionMonths=%p', (value, got) => {
      expect(problemsOf({ retentionMonths: value })).toEqual([months('retentionMonths', got, 12)]);
    });

    it('chatRetentionMonths', () => {
      expect(problemsOf({ chatRetentionMonths: 'six' })).toEqual([
        months('chatRetentionMonths', '"six"', 12),
      ]);
    });

    it('auditRetentionMonths', () => {
      expect(problemsOf({ auditRetentionMonths: '2y' })).toEqual([
        months('auditRetentionMonths', '"2y"', 24),
      ]);
    });

    it('region that is not text', () => {
      expect(problemsOf({ region: 5 })).toEqual([
        expect.stringMatching(/^region "5" is outside the EU\/EEA/),
      ]);
    });

    it('surveyText outside GSM-7, too long, empty or not text', () => {
      expect(problemsOf({ surveyText: 'Kiitos – vastaa 1-5' })).toEqual([
        expect.stringMatching(
          /^surveyText: character "–" \(U\+2013\) at position 8 is not in the GSM-7 alphabet; replace it/,
        ),
      ]);
      expect(problemsOf({ surveyText: 'x'.repeat(170) })).toEqual([
        expect.stringMatching(/^surveyText is 170 GSM-7 characters long .*one SMS segment holds 160/),
      ]);
      expect(problemsOf({ surveyText: ' ' })).toEqual(['surveyText is empty; give the SMS text']);
      expect(problemsOf({ surveyText: 42 })).toEqual([
        'surveyText: got 42; wanted the survey SMS text (GSM-7, one segment)',
      ]);
    });

    it.each(['0451234567', '+0451234567', 'arn:aws:sns:eu-north-1:123456789012:topic', 358451234567])(
      'surveyOriginationIdentity=%p',
      (value) => {
        expect(problemsOf({ surveyOriginationIdentity: value })).toEqual([
          `surveyOriginationIdentity: got ${JSON.stringify(value)}; wanted an E.164 number (e.g. +358451234567) or an End User Messaging phone-number/pool ARN that can receive replies`,
        ]);
      },
    );

    it.each(['https://recordings.example.com', 'recordings.example.com:443', 'rec.example.com/path', 'a b'])(
      'recordingSourceHosts=%p',
      (value) => {
        expect(problemsOf({ recordingSourceHosts: `ok.example.com,${value}` })).toEqual([
          `recordingSourceHosts: got ${JSON.stringify(`ok.example.com,${value}`)}; wanted a comma-separated list of host names, each a host or *.domain without scheme, port or path, e.g. recordings.example.com,*.cc.example`,
        ]);
      },
    );

    it('every bad key at once, one line each', () => {
      const problems = problemsOf({ region: 'us-east-1', retentionMonths: 'abc', auditRetentionMonths: '0' });
      expect(problems).toEqual([
        expect.stringMatching(/^region "us-east-1" is outside the EU\/EEA/),
        months('retentionMonths', '"abc"', 12),
        months('auditRetentionMonths', '"0"', 24),
      ]);
      expect(() =>
        parseContext({ region: 'us-east-1', retentionMonths: 'abc', auditRetentionMonths: '0' }),
      ).toThrow(problems.join('\n'));
    });
  });

  it('readConfig reads each key from the construct context and validates them together', () => {
    const context: Record<string, unknown> = {
      retentionMonths: '18',
      recordingSourceHosts: 'rec.example.com',
    };
    const asked: string[] = [];
    const node = {
      tryGetContext: (key: string) => {
        asked.push(key);
        return context[key];
      },
    };
    expect(readConfig(node)).toEqual({
      ...parseContext({}),
      retentionMonths: 18,
      chatRetentionMonths: 18,
      recordingSourceHosts: 'rec.example.com',
    });
    expect(asked.sort()).toEqual([...CONTEXT_KEYS].sort());
    expect(() =>
      readConfig({ tryGetContext: (key) => (key === 'retentionMonths' ? 'abc' : undefined) }),
    ).toThrow(months('retentionMonths', '"abc"', 12));
  });

  describe('platforms (ADR 0007)', () => {
    const acme = { slug: 'acme-cc', kind: 'standard-webhooks' };
    const twilio = { slug: 'twilio-fi', kind: 'twilio', deleteRecordingsAtSource: false };

    it('takes a list from cdk.json or its JSON text from -c platforms=…', () => {
      expect(parseContext({ platforms: [acme, twilio] }).platforms).toEqual([acme, twilio]);
      expect(parseContext({ platforms: JSON.stringify([acme, twilio]) }).platforms).toEqual([acme, twilio]);
      expect(parseContext({ platforms: '' }).platforms).toEqual([]);
    });

    it('accepts one standard-webhooks platform adopting the shared secret (migration)', () => {
      expect(parseContext({ platforms: [{ ...acme, adoptSharedSecret: true }] }).platforms).toEqual([
        { ...acme, adoptSharedSecret: true },
      ]);
    });

    it.each([
      ['an unknown kind', [{ slug: 'x1', kind: 'carrier-pigeon' }]],
      ['an upper-case slug', [{ slug: 'Acme', kind: 'twilio' }]],
      ['a duplicate slug', [acme, { ...acme, kind: 'twilio' }]],
      ['an unknown option', [{ ...acme, secret: 'inline secrets are refused' }]],
      [
        'two platforms adopting the shared secret',
        [
          { ...acme, adoptSharedSecret: true },
          { slug: 'other-cc', kind: 'standard-webhooks', adoptSharedSecret: true },
        ],
      ],
      ['a Twilio platform adopting the shared secret', [{ ...twilio, adoptSharedSecret: true }]],
      ['text that is not JSON', 'acme-cc'],
      ['an object instead of a list', { slug: 'acme-cc' }],
    ])('refuses %s with one sentence naming the key', (_what, platforms) => {
      const problems = problemsOf({ platforms });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^platforms: got .*; wanted a JSON list of platforms/);
    });

    it('checks webhookBaseUrl is an https URL without a trailing slash', () => {
      expect(parseContext({ webhookBaseUrl: 'https://hooks.example.fi' }).webhookBaseUrl).toBe(
        'https://hooks.example.fi',
      );
      for (const bad of ['http://hooks.example.fi', 'https://hooks.example.fi/', 'https://h.fi/?a=1']) {
        expect(problemsOf({ webhookBaseUrl: bad })[0]).toMatch(/^webhookBaseUrl: got/);
      }
    });
  });

  describe('connectInstanceArn (Amazon Connect, N12)', () => {
    const arn = (region: string) =>
      `arn:aws:connect:${region}:111122223333:instance/0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b`;

    it('is unset by default and when empty', () => {
      expect(parseContext({}).connectInstanceArn).toBeUndefined();
      expect(parseContext({ connectInstanceArn: '' }).connectInstanceArn).toBeUndefined();
    });

    it('takes an instance in the stack region, Frankfurt', () => {
      expect(
        parseContext({ region: 'eu-central-1', connectInstanceArn: arn('eu-central-1') }).connectInstanceArn,
      ).toBe(arn('eu-central-1'));
    });

    it.each([
      'arn:aws:connect:eu-central-1:111122223333:instance/not-a-uuid',
      'arn:aws:connect:eu-central-1:1111:instance/0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
      'arn:aws:connect:eu-central-1:111122223333:instance/0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b/queue/x',
      'arn:aws:s3:::bucket',
    ])('refuses %s as not an instance ARN', (bad) => {
      expect(problemsOf({ region: 'eu-central-1', connectInstanceArn: bad })).toEqual([
        expect.stringMatching(/^connectInstanceArn: got .*; wanted an Amazon Connect instance ARN/),
      ]);
    });

    it('refuses an instance outside the EU/EEA (London too), naming Frankfurt', () => {
      for (const region of ['eu-west-2', 'us-east-1']) {
        const problems = problemsOf({ region: 'eu-central-1', connectInstanceArn: arn(region) });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(`the instance is in ${region}, outside the EU/EEA`);
        expect(problems[0]).toContain('N12');
        expect(problems[0]).toContain('-c region=eu-central-1');
      }
    });

    it('N12: without -c region the stack goes to the instance region (Frankfurt)', () => {
      const config = parseContext({ connectInstanceArn: arn('eu-central-1') });
      expect(config.region).toBe('eu-central-1');
      expect(config.connectInstanceArn).toBe(arn('eu-central-1'));
    });

    it('N12: without -c region an instance outside the EU/EEA is still refused, naming Frankfurt', () => {
      const problems = problemsOf({ connectInstanceArn: arn('eu-west-2') });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('the instance is in eu-west-2, outside the EU/EEA');
    });

    it("refuses an instance in another region than the stack's, naming the region needed", () => {
      const problems = problemsOf({ region: 'eu-north-1', connectInstanceArn: arn('eu-central-1') });
      expect(problems).toEqual([
        'connectInstanceArn: the instance is in eu-central-1 but the stack is in eu-north-1; ' +
          "Connect's data must not leave its region here (N12): deploy with -c region=eu-central-1.",
      ]);
    });
  });
});
