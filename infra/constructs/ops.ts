import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EXPORTS_PREFIX, HOLDS_PREFIX, RECORDINGS_PREFIX } from '../../shared/kernel/object-keys';
import { BY_SUBJECT_INDEX } from '../../shared/kernel/table-keys';
import { opsEnv } from '../../shared/ops/env';
import { OPS_ROUTES, splitRouteKey } from '../../shared/ops/routes';
import { subjectExportEnv } from '../../shared/subjects/env';
import { MAX_EXPORT_BYTES } from '../../shared/subjects/export';
import { EXPORT_QUEUE_SETTINGS } from '../../shared/subjects/export-message';
import { AppFunction } from './app-function';
import type { AuditTrail } from './audit-trail';
import { encryptedQueue } from './queues';
import type { Secrets } from './secrets';
import type { Storage } from './storage';

/** The export function may run the Lambda maximum; the queue hides a message longer than that. */
export const EXPORT_TIMEOUT = Duration.seconds(EXPORT_QUEUE_SETTINGS.timeoutSeconds);
/** A message the export function could not settle is retried once, then parked. */
export const EXPORT_MAX_RECEIVE_COUNT = EXPORT_QUEUE_SETTINGS.maxReceiveCount;
/** At most two exports at once: each may read a subject's whole history for 15 minutes. */
export const EXPORT_CONCURRENCY = 2;

/**
 * The ops API (N7, N11): every route requires a SigV4-signed request from an IAM principal
 * allowed `execute-api:Invoke` on it — nothing is public. One function serves all ops routes and
 * writes one audit entry per request. Subject exports (N16) run in their own SQS-triggered
 * function, which streams the bundle to `exports/` (docs/operations.md).
 */
export class Ops extends Construct {
  readonly api: AppFunction<typeof opsEnv>;
  readonly exportQueue: Queue;
  readonly exportDeadLetters: Queue;
  readonly exporter: AppFunction<typeof subjectExportEnv>;

  /**
   * Let the ops API list and redrive these dead-letter queues (`npm run cli -- dlq …`): read and
   * delete on each, send on its source queue, if it has one.
   */
  addDeadLetterQueues(queues: Record<string, { queue: Queue; source?: Queue; target?: IFunction }>): void {
    const map: Record<string, { url: string; sourceUrl?: string; functionName?: string }> = {};
    for (const [name, { queue, source, target }] of Object.entries(queues)) {
      map[name] = {
        url: queue.queueUrl,
        ...(source ? { sourceUrl: source.queueUrl } : {}),
        ...(target ? { functionName: target.functionName } : {}),
      };
      queue.grantConsumeMessages(this.api);
      queue.grant(this.api, 'sqs:GetQueueAttributes');
      source?.grantSendMessages(this.api);
    }
    // Asynchronous Invoke of the unqualified functions only (no versions or aliases): the event goes
    // through the function's own retries and on-failure destination again.
    const targets = Object.values(queues).flatMap(({ target }) => (target ? [target.functionArn] : []));
    if (targets.length)
      this.api.addToRolePolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: targets }),
      );
    this.api.addEnvironment('DEAD_LETTER_QUEUES', Stack.of(this).toJsonString(map));
  }

  constructor(
    scope: Construct,
    id: string,
    props: {
      httpApi: HttpApi;
      storage: Storage;
      secrets: Secrets;
      bucket: IBucket;
      retentionMonths: number;
      /** The chats' own retention, so a released chat gets its normal expiry back (N9, N13). */
      chatRetentionMonths: number;
      auditRetentionMonths: number;
      /** Set: erasure needs one person only, for this documented reason (infra/config.ts). */
      eraseSinglePersonReason?: string;
      /** The append-only audit trail the ops function writes to (append only). */
      auditTrail: AuditTrail;
      /** The stack's ops roles by capability (infra/constructs/ops-roles.ts), for a second check. */
      roleCapabilities: string;
    },
  ) {
    super(scope, id);
    const { httpApi, storage, secrets, bucket } = props;
    this.exportDeadLetters = encryptedQueue(this, 'ExportDeadLetters', storage.key, {
      retentionPeriod: Duration.days(4),
    });
    this.exportQueue = encryptedQueue(this, 'ExportQueue', storage.key, {
      visibilityTimeout: Duration.seconds(EXPORT_QUEUE_SETTINGS.visibilityTimeoutSeconds),
      // A job older than this is of no use: its item and bundle last 3 days.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.exportDeadLetters, maxReceiveCount: EXPORT_MAX_RECEIVE_COUNT },
    });

    this.api = new AppFunction(this, 'OpsApi', {
      entry: 'ops-api',
      description: 'Ops API: find, show, play, hold, export, erase — audited',
      envSchema: opsEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: bucket.bucketName,
        PEPPER_SECRET_ID: secrets.pepper.secretArn,
        RETENTION_MONTHS: String(props.retentionMonths),
        CHAT_RETENTION_MONTHS: String(props.chatRetentionMonths),
        AUDIT_RETENTION_MONTHS: String(props.auditRetentionMonths),
        DEFAULT_COUNTRY: 'FI',
        EXPORT_QUEUE_URL: this.exportQueue.queueUrl,
        AUDIT_BUCKET: props.auditTrail.bucket.bucketName,
        OPS_ROLE_CAPABILITIES: props.roleCapabilities,
        // Four-eyes erasure unless configuration turned it off with a documented reason.
        ...(props.eraseSinglePersonReason ? { ERASE_FOUR_EYES: 'false' as const } : {}),
      },
      timeout: Duration.seconds(29),
      memorySize: 1024,
    });
    storage.grantContacts(
      this.api,
      ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
      [BY_SUBJECT_INDEX],
    );
    secrets.pepper.grantRead(this.api);
    props.auditTrail.grantAppend(this.api);
    this.api.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${RECORDINGS_PREFIX}*`, `${HOLDS_PREFIX}*`] } },
      }),
    );
    const prefixes = [RECORDINGS_PREFIX, HOLDS_PREFIX].map((p) => bucket.arnForObjects(`${p}*`));
    this.api.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: prefixes,
      }),
    );
    // Links to finished exports are presigned with the API's role: read only.
    this.api.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(`${EXPORTS_PREFIX}*`)],
      }),
    );
    this.exportQueue.grantSendMessages(this.api);

    // The export job: reads the subject's items and objects, writes exports/<id>.zip, and
    // updates its job item. No pepper (the queue carries the pseudonym), no deletes.
    this.exporter = new AppFunction(this, 'SubjectExport', {
      entry: 'subject-export',
      description: 'SQS: stream a subject-access export (N16) to exports/<id>.zip with progress',
      envSchema: subjectExportEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: bucket.bucketName,
        EXPORT_MAX_BYTES: String(MAX_EXPORT_BYTES),
      },
      timeout: EXPORT_TIMEOUT,
      // Memory stays flat (5 MiB parts, two in flight); more memory means more network and CPU.
      memorySize: 1024,
      reservedConcurrency: EXPORT_CONCURRENCY,
    });
    storage.grantContacts(this.exporter, ['GetItem', 'Query', 'UpdateItem']);
    this.exporter.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${RECORDINGS_PREFIX}*`, `${HOLDS_PREFIX}*`] } },
      }),
    );
    this.exporter.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [RECORDINGS_PREFIX, HOLDS_PREFIX].map((p) => bucket.arnForObjects(`${p}*`)),
      }),
    );
    this.exporter.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [bucket.arnForObjects(`${EXPORTS_PREFIX}*`)],
      }),
    );
    this.exporter.addEventSource(
      new SqsEventSource(this.exportQueue, {
        batchSize: EXPORT_QUEUE_SETTINGS.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: EXPORT_CONCURRENCY,
      }),
    );

    const integration = new HttpLambdaIntegration('OpsIntegration', this.api);
    const authorizer = new HttpIamAuthorizer();
    for (const key of Object.values(OPS_ROUTES)) {
      const { method, path } = splitRouteKey(key);
      httpApi.addRoutes({ path, methods: [method as HttpMethod], integration, authorizer });
    }
  }
}
