import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Chats } from './constructs/chats';
import { Ingest } from './constructs/ingest';
import { Ops } from './constructs/ops';
import { Secrets } from './constructs/secrets';
import { Storage } from './constructs/storage';
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

  constructor(scope: Construct, id: string, props: ContactRecordingsStackProps) {
    super(scope, id, props);
    assertEuRegion(this.region);
    const retentionMonths = props.retentionMonths ?? 12;

    this.storage = new Storage(this, 'Storage');
    this.secrets = new Secrets(this, 'Secrets', { key: this.storage.key });
    this.ingest = new Ingest(this, 'Ingest', {
      storage: this.storage,
      secrets: this.secrets,
      retentionMonths,
    });
    this.chats = new Chats(this, 'Chats', {
      api: this.ingest.api,
      storage: this.storage,
      secrets: this.secrets,
      retentionMonths:
        props.chatRetentionMonths ?? Number(this.node.tryGetContext('chatRetentionMonths') ?? retentionMonths),
    });
    this.ops = new Ops(this, 'Ops', { httpApi: this.ingest.api, storage: this.storage });

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
