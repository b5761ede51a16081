import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StackConfig } from './config';
import { AuditTrail } from './constructs/audit-trail';
import { Chats } from './constructs/chats';
import { Connect } from './constructs/connect';
import { ConnectRedaction } from './constructs/connect-redaction';
import { ConnectTranscripts } from './constructs/connect-transcripts';
import { Ingest } from './constructs/ingest';
import { Monitoring } from './constructs/monitoring';
import { Ops } from './constructs/ops';
import { OpsRoles } from './constructs/ops-roles';
import { Recordings } from './constructs/recordings';
import { Retention } from './constructs/retention';
import { Secrets } from './constructs/secrets';
import { Storage } from './constructs/storage';
import { Surveys } from './constructs/surveys';
import { assertEuRegion } from './regions';

export interface ContactRecordingsStackProps extends StackProps {
  /** The CDK context, validated once with its defaults applied (infra/config.ts, `readConfig`). */
  config: StackConfig;
}

/** The whole system in one stack; one construct per concern (infra/constructs/). */
export class ContactRecordingsStack extends Stack {
  readonly storage: Storage;
  readonly secrets: Secrets;
  readonly ingest: Ingest;
  readonly chats: Chats;
  readonly ops: Ops;
  readonly opsRoles: OpsRoles;
  readonly auditTrail: AuditTrail;
  readonly retention: Retention;
  readonly recordings: Recordings;
  readonly surveys: Surveys;
  readonly monitoring: Monitoring;
  /** Only with `-c connectInstanceArn=…` (docs/platforms/amazon-connect.md). */
  readonly connect?: Connect;
  /** Connect chats: chat transcripts -> messages (with `connect`). */
  readonly connectTranscripts?: ConnectTranscripts;
  /** Connect's own copy of a swept or erased contact is redacted (with `connect`). */
  readonly connectRedaction?: ConnectRedaction;

  constructor(scope: Construct, id: string, props: ContactRecordingsStackProps) {
    super(scope, id, props);
    assertEuRegion(this.region);
    const { config } = props;
    const { retentionMonths, chatRetentionMonths, auditRetentionMonths } = config;

    this.storage = new Storage(this, 'Storage');
    this.secrets = new Secrets(this, 'Secrets', { key: this.storage.key, platforms: config.platforms });
    // Surveys first: the call webhook schedules them (`-c surveyOriginationIdentity=+358...`).
    this.surveys = new Surveys(this, 'Surveys', {
      storage: this.storage,
      secrets: this.secrets,
      text: config.surveyText,
      originationIdentity: config.surveyOriginationIdentity,
      allowedCountries: config.smsAllowedCountries,
      dailyCap: config.surveyDailyCap,
    });
    // Recordings before the webhook: recording.available enqueues pulls on its fetch queue.
    this.recordings = new Recordings(this, 'Recordings', {
      storage: this.storage,
      secrets: this.secrets,
      sourceHosts: config.recordingSourceHosts,
    });
    this.ingest = new Ingest(this, 'Ingest', {
      recordings: this.recordings,
      storage: this.storage,
      secrets: this.secrets,
      surveys: this.surveys,
      retentionMonths,
      twilio: config.platforms.some((platform) => platform.kind === 'twilio'),
      webhookBaseUrl: config.webhookBaseUrl,
    });
    this.chats = new Chats(this, 'Chats', {
      api: this.ingest.api,
      storage: this.storage,
      secrets: this.secrets,
      retentionMonths: chatRetentionMonths,
      twilio: config.platforms.some((platform) => platform.kind === 'twilio'),
      webhookBaseUrl: config.webhookBaseUrl,
    });
    this.recordings.addRoutes(this.ingest.api);
    this.opsRoles = new OpsRoles(this, 'OpsRoles', { httpApi: this.ingest.api, trust: config.opsRoleTrust });
    this.auditTrail = new AuditTrail(this, 'AuditTrail', {
      auditRetentionMonths,
      accessLogs: this.recordings.accessLogs,
    });
    this.ops = new Ops(this, 'Ops', {
      auditTrail: this.auditTrail,
      roleCapabilities: this.opsRoles.capabilityMap(),
      httpApi: this.ingest.api,
      storage: this.storage,
      secrets: this.secrets,
      bucket: this.recordings.bucket,
      retentionMonths,
      chatRetentionMonths,
      auditRetentionMonths,
      eraseSinglePersonReason: config.eraseSinglePersonReason,
    });
    this.retention = new Retention(this, 'Retention', {
      storage: this.storage,
      bucket: this.recordings.bucket,
      auditRetentionMonths,
    });

    if (config.connectInstanceArn) {
      this.connect = new Connect(this, 'Connect', {
        instanceArn: config.connectInstanceArn,
        storage: this.storage,
        secrets: this.secrets,
        bucket: this.recordings.bucket,
        surveys: this.surveys,
        retentionMonths,
      });
      this.connectTranscripts = new ConnectTranscripts(this, 'ConnectTranscripts', {
        storage: this.storage,
        secrets: this.secrets,
        bucket: this.recordings.bucket,
        chatRetentionMonths,
        ctr: this.connect.ctr,
      });
      this.connectRedaction = new ConnectRedaction(this, 'ConnectRedaction', {
        instanceArn: config.connectInstanceArn,
        storage: this.storage,
        senders: [this.retention.sweep, this.ops.api],
      });
    }

    // Each group of routes its own budget (context: webhookThrottle*, uploadUrlThrottle*, opsThrottle*).
    this.ingest.throttleRoutes({
      group: (routeKey) =>
        routeKey.endsWith(' /webhooks/{platform}/calls/recording-upload-url')
          ? { rate: config.uploadUrlThrottleRate, burst: config.uploadUrlThrottleBurst }
          : routeKey.includes(' /webhooks/')
            ? { rate: config.webhookThrottleRate, burst: config.webhookThrottleBurst }
            : routeKey.includes(' /ops/')
              ? { rate: config.opsThrottleRate, burst: config.opsThrottleBurst }
              : undefined,
    });
    // Every dead-letter queue the ops API can list and redrive; each is also alarmed (below), whose
    // alarm text names the redrive command, so both read this one list.
    const redrivable = {
      'survey-jobs': { queue: this.surveys.deadLetters, source: this.surveys.queue },
      'recording-fetch': { queue: this.recordings.fetchDeadLetters, source: this.recordings.fetchQueue },
      'subject-export': { queue: this.ops.exportDeadLetters, source: this.ops.exportQueue },
      'survey-replies': { queue: this.surveys.replyDeadLetters, target: this.surveys.replies },
      'recording-landed': { queue: this.recordings.landedDeadLetters, target: this.recordings.landed },
      'retention-sweep': { queue: this.retention.deadLetters, target: this.retention.sweep },
      ...(this.connect && {
        'connect-recording': { queue: this.connect.recordingFailures, target: this.connect.recording },
      }),
      ...(this.connectTranscripts && {
        'connect-transcript': {
          queue: this.connectTranscripts.deadLetters,
          target: this.connectTranscripts.transcript,
        },
      }),
      ...(this.connectRedaction && {
        'connect-redact': { queue: this.connectRedaction.deadLetters, source: this.connectRedaction.queue },
      }),
    };
    this.ops.addDeadLetterQueues(redrivable);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      deadLetterQueues: {
        ...Object.fromEntries(Object.entries(redrivable).map(([name, { queue }]) => [name, queue])),
        ...(this.connect && { 'connect-ctr': this.connect.ctrFailures }),
      },
      ...(this.connect && {
        deadLetterRunbooks: {
          'connect-ctr':
            'Its messages are Kinesis sequence ranges of CTRs, not jobs: docs/platforms/amazon-connect.md.',
        },
      }),
      functions: {
        'call-events': this.ingest.callEvents,
        'chat-events': this.chats.chatEvents,
        'recording-upload-url': this.recordings.uploadUrl,
        'recording-fetch': this.recordings.fetch,
        'recording-landed': this.recordings.landed,
        'survey-send': this.surveys.sender,
        'survey-reply': this.surveys.replies,
        'ops-api': this.ops.api,
        'subject-export': this.ops.exporter,
        'retention-sweep': this.retention.sweep,
        ...(this.connect && { 'connect-ctr': this.connect.ctr, 'connect-recording': this.connect.recording }),
        ...(this.connectTranscripts && { 'connect-transcript': this.connectTranscripts.transcript }),
        ...(this.connectRedaction && { 'connect-redact': this.connectRedaction.redact }),
      },
      accessLogs: this.ingest.accessLogs,
      smsMonthlySpendLimitUsd: config.smsMonthlySpendLimitUsd,
      smsSpendAlarmShare: config.smsSpendAlarmShare,
      alarmEmail: config.alarmEmail,
      alarmWebhookUrl: config.alarmWebhookUrl,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.ingest.api.apiEndpoint,
      description: 'Base URL of the webhooks',
    });
    if (config.eraseSinglePersonReason) {
      new CfnOutput(this, 'EraseSinglePersonReason', {
        value: config.eraseSinglePersonReason,
        description: 'Four-eyes erasure is OFF for this documented reason',
      });
    }
    new CfnOutput(this, 'WebhookSecretArn', {
      value: this.secrets.webhookSigning.secretArn,
      description:
        'The pre-platform shared secret; read only by a platform with adoptSharedSecret (ADR 0007)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.topic.topicArn,
      description: 'Alarms are published here (subscribe more endpoints by hand if needed)',
    });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.surveys.inbound.topicArn,
      description: 'Point the origination number two-way SMS destination here (docs/deploy.md)',
    });
    new CfnOutput(this, 'ProtectConfigurationId', {
      value: this.surveys.protect.attrProtectConfigurationId,
      description: 'N10: SMS protect configuration (account default): only the allowed countries',
    });
    new CfnOutput(this, 'DashboardName', {
      value: 'contact-recordings',
      description: 'CloudWatch dashboard',
    });
  }
}
