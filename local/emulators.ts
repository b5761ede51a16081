import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import type { PlatformEntry, PlatformKind, Platforms } from '../shared/kernel/platforms';
import { CONTACTS_TABLE_LAYOUT, IDEMPOTENCY_TABLE_LAYOUT } from '../shared/kernel/table-keys';
import { type ConnectFake, startConnectFake } from './fakes/connect';
import { startSecretsManagerFake } from './fakes/secrets-manager';
import { type SentSms, startSnsFake } from './fakes/sns';
import { DEAD_LETTER_SUFFIX, type SqsFake, startSqsFake } from './fakes/sqs';

export const LOCAL_REGION = 'eu-north-1';
export const LOCAL_NAMES = {
  contactsTable: 'contacts',
  idempotencyTable: 'idempotency',
  bucket: 'recordings',
  /** The audit trail (in AWS: Object Lock, compliance mode; s3rver has no Object Lock). */
  auditBucket: 'audit-trail',
  webhookSecretId: 'local/webhook-signing',
  pepperSecretId: 'local/pseudonym-pepper',
  recordingFetchQueue: 'recording-fetch',
  surveyQueue: 'survey-jobs',
  exportQueue: 'subject-exports',
  connectRedactionQueue: 'connect-redactions',
  /** The Amazon Connect instance local mode stands in for (local/fakes/connect.ts). */
  connectInstanceId: 'local-connect-instance',
} as const;

/** A platform registered locally (ADR 0007): its slug, kind and secret's JSON value. */
export interface LocalPlatform {
  slug: string;
  kind: PlatformKind;
  secret: Record<string, unknown>;
  options?: Omit<PlatformEntry, 'kind' | 'secretId'>;
}

/** Local mode's default platform: `npm run demo` plays it, signing with the local secret. */
export const LOCAL_DEFAULT_PLATFORM = 'demo-cc';

export interface EmulatorOptions {
  /** Folder for persisted data; omitted = in memory / a throwaway folder (tests). */
  dataDir?: string;
  s3Dir: string;
  /** The secret of the default platform (`demo-cc`) when `platforms` is not given. */
  webhookSecret: string;
  /** The platforms to register; default: `demo-cc`, a standard-webhooks platform with `webhookSecret`. */
  platforms?: LocalPlatform[];
  pepper: string;
  outboxFile?: string;
  printSms?: (sms: SentSms) => void;
}

export interface Emulators {
  env: Record<string, string>;
  s3: S3rver;
  outbox: SentSms[];
  /** SQS stand-in: every queue URL under it is a queue (local/fakes/sqs.ts). */
  sqs: SqsFake;
  /** Amazon Connect stand-in: what it was asked to redact (local/fakes/connect.ts). */
  connect: ConnectFake;
  stop(): Promise<void>;
}

/**
 * Start dynalite (DynamoDB), s3rver (S3), and the in-repo Secrets Manager and SNS fakes on
 * free loopback ports, create the tables and bucket, and return the environment that points
 * the real AWS SDK clients at them.
 */
export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const dynamo: Server = dynalite({
    path: options.dataDir,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  dynamo.listen(0, '127.0.0.1');
  await once(dynamo, 'listening');
  const dynamoUrl = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;

  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: options.s3Dir,
    silent: true,
    configureBuckets: [{ name: LOCAL_NAMES.bucket }, { name: LOCAL_NAMES.auditBucket }],
  });
  const { port: s3Port } = await s3.run();

  const platforms = options.platforms ?? [
    { slug: LOCAL_DEFAULT_PLATFORM, kind: 'standard-webhooks', secret: { current: options.webhookSecret } },
  ];
  const registry: Platforms = Object.fromEntries(
    platforms.map((p) => [p.slug, { kind: p.kind, secretId: `local/platforms/${p.slug}`, ...p.options }]),
  );
  const secrets = await startSecretsManagerFake({
    ...Object.fromEntries(platforms.map((p) => [`local/platforms/${p.slug}`, JSON.stringify(p.secret)])),
    [LOCAL_NAMES.webhookSecretId]: JSON.stringify({ current: options.webhookSecret }),
    [LOCAL_NAMES.pepperSecretId]: JSON.stringify({ pepper: options.pepper }),
  });
  const sns = await startSnsFake({ outboxFile: options.outboxFile, print: options.printSms });
  const sqs = await startSqsFake();
  const connect = await startConnectFake();

  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_SNS: sns.url,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_ENDPOINT_URL_CONNECT: connect.url,
    RECORDING_FETCH_QUEUE_URL: sqs.queueUrl(LOCAL_NAMES.recordingFetchQueue),
    SURVEY_QUEUE_URL: sqs.queueUrl(LOCAL_NAMES.surveyQueue),
    EXPORT_QUEUE_URL: sqs.queueUrl(LOCAL_NAMES.exportQueue),
    // Local mode always stands in for Connect: a swept or erased Connect contact is redacted there.
    CONNECT_REDACTION_QUEUE_URL: sqs.queueUrl(LOCAL_NAMES.connectRedactionQueue),
    CONNECT_INSTANCE_ID: LOCAL_NAMES.connectInstanceId,
    // The ops API's dead-letter queues (`dlq list|redrive`): the fake's dead letters of each job queue.
    DEAD_LETTER_QUEUES: JSON.stringify(
      Object.fromEntries(
        (
          [
            ['survey-jobs', LOCAL_NAMES.surveyQueue],
            ['recording-fetch', LOCAL_NAMES.recordingFetchQueue],
            ['subject-export', LOCAL_NAMES.exportQueue],
            ['connect-redact', LOCAL_NAMES.connectRedactionQueue],
          ] as const
        ).map(([name, queue]) => [
          name,
          { url: `${sqs.queueUrl(queue)}${DEAD_LETTER_SUFFIX}`, sourceUrl: sqs.queueUrl(queue) },
        ]),
      ),
    ),
    CONTACTS_TABLE: LOCAL_NAMES.contactsTable,
    IDEMPOTENCY_TABLE: LOCAL_NAMES.idempotencyTable,
    RECORDINGS_BUCKET: LOCAL_NAMES.bucket,
    AUDIT_BUCKET: LOCAL_NAMES.auditBucket,
    PLATFORMS: JSON.stringify(registry),
    PEPPER_SECRET_ID: LOCAL_NAMES.pepperSecretId,
    POWERTOOLS_METRICS_DISABLED: 'true',
    // Local mode has no IAM authorizer: the ops API takes the caller from `x-ops-user`.
    OPS_LOCAL_IDENTITY: 'true',
  };
  await createTables(dynamoUrl);

  return {
    env,
    s3,
    outbox: sns.outbox,
    sqs,
    connect,
    async stop() {
      await Promise.all([
        new Promise((r) => dynamo.close(r)),
        s3.close(),
        new Promise((r) => secrets.server.close(r)),
        new Promise((r) => sns.server.close(r)),
        new Promise((r) => sqs.server.close(r)),
        new Promise((r) => connect.server.close(r)),
      ]);
    },
  };
}

/** The contacts table as CDK defines it (same layout), for dynalite. */
export function contactsTableInput(tableName: string): CreateTableCommandInput {
  const layout = CONTACTS_TABLE_LAYOUT;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: layout.partitionKey, KeyType: 'HASH' },
      { AttributeName: layout.sortKey, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: layout.partitionKey, AttributeType: 'S' },
      { AttributeName: layout.sortKey, AttributeType: 'S' },
      ...layout.indexes.flatMap((index) => [
        { AttributeName: index.partitionKey, AttributeType: 'S' as const },
        { AttributeName: index.sortKey, AttributeType: index.sortKeyType },
      ]),
    ],
    GlobalSecondaryIndexes: layout.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

async function createTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const commands = [
    new CreateTableCommand(contactsTableInput(LOCAL_NAMES.contactsTable)),
    new CreateTableCommand({
      TableName: LOCAL_NAMES.idempotencyTable,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE_LAYOUT.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE_LAYOUT.partitionKey, AttributeType: 'S' }],
    }),
  ];
  for (const command of commands) {
    try {
      await client.send(command);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error; // already there from a previous run
    }
  }
  client.destroy();
}
