import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EXPORTS_PREFIX, HOLDS_PREFIX, RECORDINGS_PREFIX } from '../../shared/kernel/object-keys';
import { BY_EXPIRY_INDEX } from '../../shared/kernel/table-keys';
import { sweepEnv } from '../../shared/retention/env';
import { AppFunction } from './app-function';
import { encryptedQueue } from './queues';
import type { Storage } from './storage';

/**
 * Timely deletion (N13): an hourly rule runs the retention sweep, which finds due contacts on the
 * `byExpiry` index (Query only, never Scan) and deletes their items and objects in bounded
 * batches, writing deletion receipts. DynamoDB TTL and the bucket's lifecycle rules stay as
 * backstops.
 */
export class Retention extends Construct {
  readonly sweep: AppFunction<typeof sweepEnv>;
  readonly schedule: Rule;
  /** Sweep runs that failed after their retries (the rule could not invoke, or the run failed). */
  readonly deadLetters: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: { storage: Storage; bucket: IBucket; auditRetentionMonths: number },
  ) {
    super(scope, id);
    const { storage, bucket } = props;
    this.sweep = new AppFunction(this, 'Sweep', {
      entry: 'retention-sweep',
      description: 'Hourly: delete contacts past their expiry (items + objects), write receipts',
      envSchema: sweepEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: bucket.bucketName,
        SWEEP_MAX_CONTACTS: '20000',
        SWEEP_CONCURRENCY: '16',
        AUDIT_RETENTION_MONTHS: String(props.auditRetentionMonths),
        EXPORT_RETENTION_DAYS: '3',
      },
      timeout: Duration.minutes(15),
      memorySize: 1024,
    });
    storage.grantContacts(
      this.sweep,
      ['Query', 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
      [BY_EXPIRY_INDEX],
    );
    this.sweep.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: {
          StringLike: {
            's3:prefix': [`${RECORDINGS_PREFIX}*`, `${HOLDS_PREFIX}*`, `${EXPORTS_PREFIX}*`, EXPORTS_PREFIX],
          },
        },
      }),
    );
    this.sweep.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:DeleteObject'],
        resources: [RECORDINGS_PREFIX, HOLDS_PREFIX, EXPORTS_PREFIX].map((p) =>
          bucket.arnForObjects(`${p}*`),
        ),
      }),
    );

    // Both failure paths of the schedule end here: the rule could not invoke the function
    // (EventBridge dead-letter queue), or the asynchronous run failed twice (on-failure destination).
    this.deadLetters = encryptedQueue(this, 'SweepDeadLetters', storage.key, {
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS a dead-letter queue: the schedule target DLQ and the on-failure destination of the sweep.',
    });
    storage.allowServiceToUseKey(new ServicePrincipal('events.amazonaws.com'));
    this.sweep.configureAsyncInvoke({
      onFailure: new SqsDestination(this.deadLetters),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    });
    this.schedule = new Rule(this, 'Hourly', {
      description: 'contact-recordings: retention sweep (N13)',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [
        new LambdaFunction(this.sweep, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }
}
