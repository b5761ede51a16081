import { Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  EventType,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { EXPORTS_PREFIX, HOLDS_PREFIX, RECORDINGS_PREFIX } from '../../shared/kernel/object-keys';
import { recordingFetchEnv, recordingLandedEnv, recordingUploadUrlEnv } from '../../shared/recordings/env';
import { FETCH_QUEUE_SETTINGS } from '../../shared/recordings/fetch-job';
import { AppFunction } from './app-function';
import { encryptedQueue } from './queues';
import type { Secrets } from './secrets';
import type { Storage } from './storage';

/**
 * Lifecycle numbers (docs/recordings.md, docs/adr/0002-recording-storage.md):
 * - the retention sweep deletes a contact's audio exactly at its expiry (12 calendar months after
 *   the call ended, at most 366 days); objects are created after the call ended, so counting from
 *   creation is never early. The rule is a backstop a week after that: an outage of the hourly
 *   sweep over a long weekend is covered, and nothing outlives 12 months by more than a week.
 * - Glacier Instant Retrieval from the first lifecycle run after the object lands (0 days: S3
 *   moves it at the next daily run, after the landed check has read it in Standard). GIR serves
 *   reads in milliseconds like Standard, so ops play any recording as before; it stores for about a
 *   sixth of Standard and a third of Standard-IA, and charges per GB read ($0.03, IA $0.01), which
 *   stays cheaper than Standard or IA unless over ~40 % of a month's recordings are played each
 *   month (docs/cost.md). GIR's 90-day minimum is met long before expiry; an object erased or moved
 *   to holds/ earlier is billed for the rest of the 90 days (rare: erasures and disputes).
 *   Only objects over 128 KB transition: GIR bills anything smaller as 128 KB.
 */
export const RECORDING_EXPIRY_DAYS = 366 + 7;
export const TRANSITION_GLACIER_IR_DAYS = 0;
export const TRANSITION_MIN_BYTES = 128 * 1024;
export const EXPORT_EXPIRY_DAYS = 3;
/**
 * Access logs describe reads and writes of recordings; once the last recording they can describe
 * is gone (RECORDING_EXPIRY_DAYS) they serve no purpose, so they go with it. Held recordings are
 * the exception by design: their audit trail (N7, N9) is the ops audit log, not access logs.
 */
export const ACCESS_LOG_EXPIRY_DAYS = RECORDING_EXPIRY_DAYS;
/** The pull may take up to 12 minutes (HttpRecordingSource); the function gets the Lambda maximum. */
const FETCH_TIMEOUT = Duration.seconds(FETCH_QUEUE_SETTINGS.timeoutSeconds);
/** Failed pulls back off 30 s .. 15 min (shared/recordings/fetch-handler.ts) and go to the DLQ after 8. */
export const FETCH_MAX_RECEIVE_COUNT = FETCH_QUEUE_SETTINGS.maxReceiveCount;

/** At most this many pulls at once: a platform's recording server is not flooded, nor the account. */
export const FETCH_CONCURRENCY = 10;

/**
 * Memory of the pull and the landed check (docs/cost.md, "Memory"). Both mostly wait on the
 * network (the platform's server; S3), and Lambda bills the waiting by memory. Measured: a
 * call-sized pull peaks at 69 MB RSS and a 500 MiB one stays under 150 MB (bench:audio); the pull
 * spends ~25 ms of CPU per MB on one core and SHA-256 ~1 ms, so at 512 MB (0.29 vCPU) a 1 GiB pull
 * still needs under 2 minutes of CPU against its 15-minute timeout. 1024 MB cost ~60 % more for
 * a ~20 % shorter call-sized pull that nobody waits for.
 */
const FETCH_MEMORY_MB = 512;
const LANDED_MEMORY_MB = 512;

export interface RecordingsProps {
  storage: Storage;
  secrets: Secrets;
  /** Comma-separated allow-list of recording source hosts (`-c recordingSourceHosts=rec.example.com`). */
  sourceHosts?: string;
  /** Bytes; default 1 GiB. */
  maxBytes?: number;
}

/**
 * Call audio (N2, N11–N13, N17): the recordings bucket (private, TLS-only, SSE-KMS with a bucket
 * key, access-logged, lifecycle backstops, retained), the fetch queue with its dead-letter queue,
 * and the three functions — pull (SQS), landed (S3 ObjectCreated) and upload URL (HTTP).
 */
export class Recordings extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly fetchQueue: Queue;
  readonly fetchDeadLetters: Queue;
  readonly sourceCredentials: Secret;
  readonly fetch: AppFunction<typeof recordingFetchEnv>;
  readonly landed: AppFunction<typeof recordingLandedEnv>;
  /** On-failure destination of the asynchronous S3 -> landed invocation (after its two retries). */
  readonly landedDeadLetters: Queue;
  readonly uploadUrl: AppFunction<typeof recordingUploadUrlEnv>;
  /** What the call webhook needs to accept `recording.available`. */
  readonly webhookEnvironment: { RECORDING_FETCH_QUEUE_URL: string; RECORDING_SOURCE_HOSTS: string };

  constructor(scope: Construct, id: string, props: RecordingsProps) {
    super(scope, id);
    const { storage, secrets } = props;
    const sourceHosts = props.sourceHosts ?? '';
    const maxBytes = String(props.maxBytes ?? 1024 ** 3);

    // Server access logs: S3 log delivery writes with SSE-S3 only. Keys hold contact ids, no numbers.
    // ACLs disabled (BucketOwnerEnforced): the logging service writes through a bucket policy that
    // names this stack's recordings bucket and account (aws:SourceArn, aws:SourceAccount).
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(ACCESS_LOG_EXPIRY_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.KMS,
      encryptionKey: storage.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Not versioned: a deletion (sweep, erasure, non-audio) must really remove the audio (N13, N16).
      versioned: false,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'recordings-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ExpireRecordingsBackstop',
          prefix: RECORDINGS_PREFIX,
          expiration: Duration.days(RECORDING_EXPIRY_DAYS),
        },
        {
          id: 'RecordingsToColderStorage',
          prefix: RECORDINGS_PREFIX,
          objectSizeGreaterThan: TRANSITION_MIN_BYTES,
          transitions: [
            {
              storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(TRANSITION_GLACIER_IR_DAYS),
            },
          ],
        },
        { id: 'ExpireExports', prefix: EXPORTS_PREFIX, expiration: Duration.days(EXPORT_EXPIRY_DAYS) },
        // Bucket-wide, but it only touches uploads never completed: held objects are complete objects.
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // No CORS: platforms PUT server-to-server, staff get audited links; no browser origin needs it.
    });

    // CloudFormation types ObjectSizeGreaterThan as a string; the L2 writes a number (cfn-lint W9003).
    const cfnBucket = this.bucket.node.defaultChild as CfnBucket;
    cfnBucket.addPropertyOverride(
      'LifecycleConfiguration.Rules.1.ObjectSizeGreaterThan',
      String(TRANSITION_MIN_BYTES),
    );

    this.fetchDeadLetters = encryptedQueue(this, 'FetchDeadLetters', storage.key, {
      retentionPeriod: Duration.days(14),
    });
    this.fetchQueue = encryptedQueue(this, 'FetchQueue', storage.key, {
      visibilityTimeout: Duration.seconds(FETCH_QUEUE_SETTINGS.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.fetchDeadLetters, maxReceiveCount: FETCH_MAX_RECEIVE_COUNT },
    });

    // `{"<host>": {"authorization": "..."}}`; ops fill it in for providers that need credentials.
    this.sourceCredentials = new Secret(this, 'SourceCredentials', {
      description: 'contact-recordings: request headers per recording source host (optional)',
      encryptionKey: storage.key,
      secretStringValue: SecretValue.unsafePlainText('{}'), // empty: no credentials until ops add some
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const objectsArn = this.bucket.arnForObjects(`${RECORDINGS_PREFIX}*`);

    this.fetch = new AppFunction(this, 'Fetch', {
      entry: 'recording-fetch',
      description: 'SQS: pull a provider recording (allow-listed https) and stream it into S3',
      envSchema: recordingFetchEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: this.bucket.bucketName,
        RECORDING_FETCH_QUEUE_URL: this.fetchQueue.queueUrl,
        RECORDING_SOURCE_SECRET_ID: this.sourceCredentials.secretArn,
        RECORDING_SOURCE_HOSTS: sourceHosts,
        RECORDING_MAX_BYTES: maxBytes,
        // Native sources (Twilio): the platform's API key authenticates the pull and the delete.
        PLATFORMS: secrets.platformsEnvironment,
      },
      timeout: FETCH_TIMEOUT,
      memorySize: FETCH_MEMORY_MB,
      reservedConcurrency: FETCH_CONCURRENCY,
    });
    storage.grantContacts(this.fetch, ['GetItem', 'UpdateItem']);
    this.fetch.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [objectsArn] }),
    );
    this.sourceCredentials.grantRead(this.fetch);
    secrets.grantPlatforms(this.fetch);
    this.fetch.addEventSource(
      new SqsEventSource(this.fetchQueue, {
        batchSize: FETCH_QUEUE_SETTINGS.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: FETCH_CONCURRENCY,
      }),
    );

    this.landed = new AppFunction(this, 'Landed', {
      entry: 'recording-landed',
      description: 'S3 ObjectCreated on recordings/: check the bytes are audio, record them on the contact',
      envSchema: recordingLandedEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: this.bucket.bucketName,
        RECORDING_MAX_BYTES: maxBytes,
      },
      timeout: Duration.minutes(5),
      memorySize: LANDED_MEMORY_MB,
    });
    storage.grantContacts(this.landed, ['GetItem', 'UpdateItem']);
    this.landed.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:DeleteObject'], resources: [objectsArn] }),
    );
    // N9: a recording that lands for a held contact is moved to holds/ on arrival.
    this.landed.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects(`${HOLDS_PREFIX}*`)],
      }),
    );
    // So a key already moved by a hold reads as missing (404), not forbidden (403).
    this.landed.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${RECORDINGS_PREFIX}*`, `${HOLDS_PREFIX}*`] } },
      }),
    );
    // S3 invokes asynchronously: an event that still fails after two retries is kept, not dropped.
    this.landedDeadLetters = encryptedQueue(this, 'LandedDeadLetters', storage.key, {
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.landedDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue IS a dead-letter queue: the on-failure destination of the S3 -> landed invocation.',
    });
    this.landed.configureAsyncInvoke({
      onFailure: new SqsDestination(this.landedDeadLetters),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.landed), {
      prefix: RECORDINGS_PREFIX,
    });

    this.uploadUrl = new AppFunction(this, 'UploadUrl', {
      entry: 'recording-upload-url',
      description: 'POST /webhooks/{platform}/calls/recording-upload-url: presigned PUT for a call recording',
      envSchema: recordingUploadUrlEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        IDEMPOTENCY_TABLE: storage.idempotency.tableName,
        RECORDINGS_BUCKET: this.bucket.bucketName,
        PLATFORMS: secrets.platformsEnvironment,
        RECORDING_MAX_BYTES: maxBytes,
        RECORDING_UPLOAD_URL_SECONDS: '300',
      },
    });
    storage.grantContacts(this.uploadUrl, ['GetItem']);
    storage.idempotency.grant(
      this.uploadUrl,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    // A presigned URL can do what its signer may: PutObject on recordings/ and nothing else.
    this.uploadUrl.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [objectsArn] }),
    );
    secrets.grantPlatforms(this.uploadUrl);

    this.webhookEnvironment = {
      RECORDING_FETCH_QUEUE_URL: this.fetchQueue.queueUrl,
      RECORDING_SOURCE_HOSTS: sourceHosts,
    };
  }

  /** The signed upload-URL route on the webhooks API. */
  addRoutes(api: HttpApi): void {
    api.addRoutes({
      path: '/webhooks/{platform}/calls/recording-upload-url',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('RecordingUploadUrlIntegration', this.uploadUrl),
    });
  }
}
