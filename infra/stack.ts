import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
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
  /** N13: months a contact is kept after it ended. */
  retentionMonths?: number;
  /** N13 for chats: months a chat and its transcript are kept after it ended (default: retentionMonths). */
  chatRetentionMonths?: number;
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
    const retentionMonths = props.retentionMonths ?? 12;
    const chatRetentionMonths =
      props.chatRetentionMonths ?? Number(this.node.tryGetContext('chatRetentionMonths') ?? retentionMonths);

    this.storage = new Storage(this, 'Storage');
    this.secrets = new Secrets(this, 'Secrets', { key: this.storage.key });
    // Surveys first: the call webhook schedules them (`-c surveyOriginationIdentity=+358...`).
    const surveyContext = (key: string) => this.node.tryGetContext(key) as string | undefined;
    this.surveys = new Surveys(this, 'Surveys', {
      storage: this.storage,
      secrets: this.secrets,
      text: surveyContext('surveyText'),
      originationIdentity: surveyContext('surveyOriginationIdentity'),
    });
    // Recordings before the webhook: recording.available enqueues pulls on its fetch queue.
    this.recordings = new Recordings(this, 'Recordings', {
      storage: this.storage,
      secrets: this.secrets,
      sourceHosts: this.node.tryGetContext('recordingSourceHosts') as string | undefined,
    });
    this.ingest = new Ingest(this, 'Ingest', {
      recordings: this.recordings,
      storage: this.storage,
      secrets: this.secrets,
      surveys: this.surveys,
      retentionMonths,
    });
    this.chats = new Chats(this, 'Chats', {
      api: this.ingest.api,
      storage: this.storage,
      secrets: this.secrets,
      retentionMonths: chatRetentionMonths,
    });
    this.recordings.addRoutes(this.ingest.api);
    const auditRetentionMonths = Number(this.node.tryGetContext('auditRetentionMonths') ?? 24);
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
      description: 'Give its `current` value to the contact-center platforms',
    });
  }
}
