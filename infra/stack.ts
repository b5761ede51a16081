import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StackConfig } from './config';
import { Chats } from './constructs/chats';
import { Ingest } from './constructs/ingest';
import { Ops } from './constructs/ops';
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
  readonly retention: Retention;
  readonly recordings: Recordings;
  readonly surveys: Surveys;

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
    this.ops = new Ops(this, 'Ops', {
      httpApi: this.ingest.api,
      storage: this.storage,
      secrets: this.secrets,
      bucket: this.recordings.bucket,
      retentionMonths,
      chatRetentionMonths,
      auditRetentionMonths,
    });
    this.retention = new Retention(this, 'Retention', {
      storage: this.storage,
      bucket: this.recordings.bucket,
      auditRetentionMonths,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.ingest.api.apiEndpoint,
      description: 'Base URL of the webhooks',
    });
    new CfnOutput(this, 'WebhookSecretArn', {
      value: this.secrets.webhookSigning.secretArn,
      description:
        'The pre-platform shared secret; read only by a platform with adoptSharedSecret (ADR 0007)',
    });
  }
}
