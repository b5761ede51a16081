import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { CfnInstanceStorageConfig } from 'aws-cdk-lib/aws-connect';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CTR_STREAM_SETTINGS, connectCtrEnv, connectRecordingEnv } from '../../shared/connect/env';
import { CONNECT_ORPHAN_DAYS } from '../../shared/connect/recording-match';
import { CHAT_TRANSCRIPTS_PREFIX } from '../../shared/connect/transcript';
import {
  CONNECT_CALL_RECORDINGS_KEYS,
  CONNECT_PREFIX,
  RECORDINGS_PREFIX,
} from '../../shared/kernel/object-keys';
import { connectInstanceRegionProblem } from '../connect-region';
import { AppFunction } from './app-function';
import { encryptedQueue } from './queues';
import { RECORDING_EXPIRY_DAYS } from './recordings';
import type { Secrets } from './secrets';
import type { Storage } from './storage';
import type { Surveys } from './surveys';

/** Where Connect writes in our bucket: `connect/call-recordings/…` and `connect/chat-transcripts/…`. */
export const CONNECT_CALL_RECORDINGS_PREFIX = CONNECT_CALL_RECORDINGS_KEYS.slice(0, -1);
export const CONNECT_CHAT_TRANSCRIPTS_PREFIX = CHAT_TRANSCRIPTS_PREFIX.slice(0, -1);
/** Where Contact Lens conversational analytics writes, if the instance has it on (docs/platforms/amazon-connect.md). */
export const CONTACT_LENS_PREFIX = 'Analysis/';
/** CTRs wait on the stream at most a day (Kinesis' minimum) before they are read or lost. */
export const CTR_STREAM_RETENTION_HOURS = 24;

export interface ConnectProps {
  /** `-c connectInstanceArn=arn:aws:connect:eu-central-1:<account>:instance/<id>` */
  instanceArn: string;
  /** The contacts table and the data key: the stream and everything Connect writes use the key. */
  storage: Storage;
  secrets: Secrets;
  retentionMonths: number;
  /** The recordings bucket: Connect writes straight into it, under connect/ (N13 lifecycle). */
  bucket: Bucket;
  /** N10: Connect calls get their survey scheduled exactly as the call webhook's do. */
  surveys: Surveys;
}

/**
 * Amazon Connect, natively (docs/platforms/amazon-connect.md): the instance's storage settings
 * point at this stack. Contact trace records go to a Kinesis data stream encrypted with our key;
 * call recordings and chat transcripts go to our recordings bucket under connect/, encrypted with
 * our key, where our lifecycle backstop and holds apply (N9, N13). No second copy lives elsewhere.
 *
 * N12: the instance must be in the stack's region, which must be in the EU/EEA (for Connect that
 * means Frankfurt, eu-central-1); anything else is refused before synthesis.
 */
export class Connect extends Construct {
  readonly stream: Stream;
  /** Reads the stream: a voice CTR becomes its call (shared/connect/ctr-handler.ts). */
  readonly ctr: AppFunction<typeof connectCtrEnv>;
  /** On-failure destination of the stream's event source mapping (after bisecting retries). */
  readonly ctrFailures: Queue;
  /** S3 ObjectCreated under connect/call-recordings/: hands a matched recording over to recordings/. */
  readonly recording: AppFunction<typeof connectRecordingEnv>;
  /** On-failure destination of the asynchronous S3 -> recording invocation (after its two retries). */
  readonly recordingFailures: Queue;
  readonly storageConfigs: {
    contactTraceRecords: CfnInstanceStorageConfig;
    callRecordings: CfnInstanceStorageConfig;
    chatTranscripts: CfnInstanceStorageConfig;
  };

  constructor(scope: Construct, id: string, props: ConnectProps) {
    super(scope, id);
    const { instanceArn, storage, secrets, bucket } = props;
    const { key } = storage;
    const stack = Stack.of(this);
    const problem = connectInstanceRegionProblem(instanceArn, stack.region);
    if (problem) throw new Error(problem);

    this.stream = new Stream(this, 'CtrStream', {
      streamMode: StreamMode.ON_DEMAND,
      encryption: StreamEncryption.KMS,
      encryptionKey: key,
      retentionPeriod: Duration.hours(CTR_STREAM_RETENTION_HOURS),
    });

    this.ctrFailures = encryptedQueue(this, 'CtrFailures', key, { retentionPeriod: Duration.days(14) });
    Validations.of(this.ctrFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS a dead-letter queue: the on-failure destination of the CTR stream -> connect-ctr mapping.',
    });
    this.ctr = new AppFunction(this, 'Ctr', {
      entry: 'connect-ctr',
      description: 'Amazon Connect CTRs (Kinesis) -> calls; only the fields the notice lists (N15)',
      envSchema: connectCtrEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: bucket.bucketName,
        PEPPER_SECRET_ID: secrets.pepper.secretArn,
        RETENTION_MONTHS: String(props.retentionMonths),
        DEFAULT_COUNTRY: 'FI',
        ...props.surveys.schedulerEnvironment,
      },
      timeout: Duration.seconds(CTR_STREAM_SETTINGS.timeoutSeconds),
    });
    // GetItem/UpdateItem: the call; PutItem: a recording's link (CONNECTREC#…).
    storage.grantContacts(this.ctr, ['GetItem', 'UpdateItem', 'PutItem']);
    secrets.pepper.grantRead(this.ctr);
    grantHandOver(this.ctr, bucket);
    props.surveys.queue.grantSendMessages(this.ctr);
    // A poison record never blocks the shard: partial batch responses, bisect, bounded retries,
    // then its sequence numbers go to the on-failure queue (the CTR itself stays on the stream).
    this.ctr.addEventSource(
      new KinesisEventSource(this.stream, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: CTR_STREAM_SETTINGS.batchSize,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: CTR_STREAM_SETTINGS.retryAttempts,
        onFailure: new SqsDlq(this.ctrFailures),
      }),
    );

    // Call recordings: matched to their contact by the CTR's Recording(s).Location, in either order.
    this.recording = new AppFunction(this, 'Recording', {
      entry: 'connect-recording',
      description:
        'S3 ObjectCreated on connect/call-recordings/: hand a CTR-matched recording to recordings/',
      envSchema: connectRecordingEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: bucket.bucketName,
      },
      timeout: Duration.minutes(1),
    });
    // GetItem only: the link (CONNECTREC#…) and the call's META.
    storage.grantContacts(this.recording, ['GetItem']);
    grantHandOver(this.recording, bucket);
    this.recordingFailures = encryptedQueue(this, 'RecordingFailures', key, {
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.recordingFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS a dead-letter queue: the on-failure destination of the S3 -> connect-recording invocation.',
    });
    this.recording.configureAsyncInvoke({
      onFailure: new SqsDestination(this.recordingFailures),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.recording), {
      prefix: CONNECT_CALL_RECORDINGS_KEYS,
    });

    // Connect encrypts what it writes with our key; only on behalf of this instance in this account.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AmazonConnectInstanceStorage',
        principals: [new ServicePrincipal('connect.amazonaws.com')],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': instanceArn },
        },
      }),
    );

    const s3Config = (bucketPrefix: string) => ({
      bucketName: bucket.bucketName,
      bucketPrefix,
      encryptionConfig: { encryptionType: 'KMS', keyId: key.keyArn },
    });
    this.storageConfigs = {
      contactTraceRecords: new CfnInstanceStorageConfig(this, 'ContactTraceRecords', {
        instanceArn,
        resourceType: 'CONTACT_TRACE_RECORDS',
        storageType: 'KINESIS_STREAM',
        kinesisStreamConfig: { streamArn: this.stream.streamArn },
      }),
      callRecordings: new CfnInstanceStorageConfig(this, 'CallRecordings', {
        instanceArn,
        resourceType: 'CALL_RECORDINGS',
        storageType: 'S3',
        s3Config: s3Config(CONNECT_CALL_RECORDINGS_PREFIX),
      }),
      chatTranscripts: new CfnInstanceStorageConfig(this, 'ChatTranscripts', {
        instanceArn,
        resourceType: 'CHAT_TRANSCRIPTS',
        storageType: 'S3',
        s3Config: s3Config(CONNECT_CHAT_TRANSCRIPTS_PREFIX),
      }),
    };

    // N13: nothing Connect writes outlives the backstop recordings/ has (the sweep comes first).
    bucket.addLifecycleRule({
      id: 'ExpireConnectBackstop',
      prefix: CONNECT_PREFIX,
      expiration: Duration.days(RECORDING_EXPIRY_DAYS),
    });
    // A call recording no CTR has matched within days never will be (the stream keeps CTRs 24 h):
    // it belongs to no stored contact, so it goes (docs/platforms/amazon-connect.md, "Orphans").
    bucket.addLifecycleRule({
      id: 'ExpireConnectOrphans',
      prefix: CONNECT_CALL_RECORDINGS_KEYS,
      expiration: Duration.days(CONNECT_ORPHAN_DAYS),
    });
    // Contact Lens writes its analysis (transcripts, redacted audio) under Analysis/ in the
    // call-recordings bucket. The notice lists no such analysis (N15) and nothing here reads it.
    bucket.addLifecycleRule({
      id: 'ExpireContactLensOutput',
      prefix: CONTACT_LENS_PREFIX,
      expiration: Duration.days(1),
    });
  }
}

/**
 * The hand-over (shared/connect/recording-match.ts): read and delete under
 * connect/call-recordings/, create under recordings/ (the landed function takes it from there).
 * ListBucket on those prefixes only, so a missing source reads as 404, not 403. The data key comes
 * with the contacts table grant.
 */
function grantHandOver(fn: NodejsFunction, bucket: Bucket): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:GetObject', 's3:DeleteObject'],
      resources: [bucket.arnForObjects(`${CONNECT_CALL_RECORDINGS_KEYS}*`)],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${RECORDINGS_PREFIX}*`)],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: {
        StringLike: { 's3:prefix': [`${CONNECT_CALL_RECORDINGS_KEYS}*`, `${RECORDINGS_PREFIX}*`] },
      },
    }),
  );
}
