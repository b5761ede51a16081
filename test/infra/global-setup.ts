import { parseContext } from '../../infra/config';
import { synthStack, synthStackWith } from '../support/stack';
import { CONNECT_CONTEXT } from './connect-context';
import { PLATFORMS_CONTEXT, WEBHOOK_BASE_URL } from './platforms-context';
import { createRunDir } from './run-dir';

/**
 * The configurations the infra tests synthesise. Synthesising them here, in one process, starts
 * the template validators once instead of once per test file; a configuration missing from this
 * list is synthesised by the first test file that asks for it.
 */
const APP_CONTEXTS: Record<string, string>[] = [
  {},
  { retentionMonths: '18' },
  { chatRetentionMonths: '6' },
  { recordingSourceHosts: 'recordings.acme-cc.example' },
  { surveyOriginationIdentity: '+358451234567' },
  {
    alarmEmail: 'oncall@example.com',
    alarmWebhookUrl: 'https://chat.example.com/hooks/oncall',
    smsMonthlySpendLimitUsd: '200',
    smsSpendAlarmShare: '0.5',
  },
  {
    webhookThrottleRate: '120',
    webhookThrottleBurst: '240',
    uploadUrlThrottleRate: '7',
    uploadUrlThrottleBurst: '14',
    opsThrottleRate: '3',
    opsThrottleBurst: '6',
  },
  { smsAllowedCountries: 'FI,SE' },
  { smsAllowedCountries: 'FI,SE', surveyDailyCap: '40' },
  {
    surveyOriginationIdentity:
      'arn:aws:sms-voice:eu-north-1:111122223333:phone-number/phone-0123456789abcdef',
  },
  {
    opsRoleTrust: JSON.stringify({
      qaReviewer: ['permission-set:QaReviewers'],
      complianceOfficer: ['arn:aws:iam::111122223333:user/compliance/carol'],
    }),
  },
  { platforms: PLATFORMS_CONTEXT, webhookBaseUrl: WEBHOOK_BASE_URL },
  CONNECT_CONTEXT,
];
const STACK_CONFIGS = [{ ...parseContext({}), chatRetentionMonths: 6 }];

interface RunFilters {
  testPathPatterns?: { patterns?: readonly string[] };
  testNamePattern?: string;
  onlyChanged?: boolean;
  findRelatedTests?: boolean;
}

export default function globalSetup(globalConfig: RunFilters = {}): void {
  createRunDir();
  // A run of chosen files or tests synthesises only what they use, on first use.
  const filtered =
    (globalConfig.testPathPatterns?.patterns?.length ?? 0) > 0 ||
    Boolean(globalConfig.testNamePattern) ||
    globalConfig.onlyChanged === true ||
    globalConfig.findRelatedTests === true;
  if (filtered) return;
  const synths = [
    ...APP_CONTEXTS.map((context) => () => synthStack(context)),
    ...STACK_CONFIGS.map((config) => () => synthStackWith(config)),
  ];
  for (const synth of synths) {
    try {
      synth();
    } catch {
      // Nothing is cached: the tests that use this configuration synthesise it and fail with the error.
    }
  }
}
