import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { connectRedactEnv } from '../../shared/connect/redact-env';
import {
  CONNECT_REDACTION_CONCURRENCY,
  CONNECT_REDACTION_QUEUE_SETTINGS,
} from '../../shared/connect/redact-message';
import { parseConnectInstanceArn } from '../connect-region';
import { AppFunction } from './app-function';
import { encryptedQueue } from './queues';
import type { Storage } from './storage';

export interface ConnectRedactionProps {
  /** `-c connectInstanceArn=…` (validated by infra/config.ts and the Connect construct). */
  instanceArn: string;
  storage: Storage;
  /**
   * The functions from which a Connect contact leaves this store: the retention sweep (N13) and
   * the ops API (erasure, N16). Each may only send to the redaction queue.
   */
  senders: LambdaFunction[];
}

/**
 * Connect keeps its own copy of every contact, the customer's number included, for 24 months
 * (docs/platforms/amazon-connect.md, "What Connect itself still keeps"). When a Connect contact
 * leaves this store, the sweep or the erasure queues a job here, and `connect-redact` calls
 * Connect's DeleteContactData for each of its ContactIds, at a pace Connect's low rate limits
 * allow. Without a Connect instance none of this exists and the sweep and erasure are unchanged.
 */
export class ConnectRedaction extends Construct {
  /** ContactIds only (N17), KMS-encrypted. */
  readonly queue: Queue;
  /** Jobs that failed every receive: redrivable (`npm run cli -- dlq redrive connect-redact`). */
  readonly deadLetters: Queue;
  readonly redact: AppFunction<typeof connectRedactEnv>;

  constructor(scope: Construct, id: string, props: ConnectRedactionProps) {
    super(scope, id);
    const { instanceArn, storage } = props;
    const settings = CONNECT_REDACTION_QUEUE_SETTINGS;
    const { instanceId } = parseConnectInstanceArn(instanceArn);

    this.deadLetters = encryptedQueue(this, 'RedactionDeadLetters', storage.key, {
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue IS a dead-letter queue: of the Connect redaction queue.',
    });
    this.queue = encryptedQueue(this, 'RedactionQueue', storage.key, {
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: settings.maxReceiveCount },
    });

    this.redact = new AppFunction(this, 'Redact', {
      entry: 'connect-redact',
      description: "SQS: redact a swept or erased contact's number from Connect's own copy (N13, N16)",
      envSchema: connectRedactEnv,
      environment: { CONNECT_INSTANCE_ID: instanceId },
      timeout: Duration.seconds(settings.timeoutSeconds),
      memorySize: 256,
      reservedConcurrency: CONNECT_REDACTION_CONCURRENCY,
    });
    // Only this instance's contacts, and only this action: no table, bucket or key access.
    this.redact.addToRolePolicy(
      new PolicyStatement({
        actions: ['connect:DeleteContactData'],
        resources: [`${instanceArn}/contact/*`],
      }),
    );
    Validations.of(this.redact).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${instanceArn}/contact/*]`,
      reason:
        'DeleteContactData is granted on the contacts of the one Connect instance this stack is wired to; contact ids are only known at run time.',
    });
    this.redact.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: CONNECT_REDACTION_CONCURRENCY,
      }),
    );

    for (const sender of props.senders) {
      this.queue.grantSendMessages(sender);
      if (sender instanceof AppFunction)
        sender.addEnvironment('CONNECT_REDACTION_QUEUE_URL', this.queue.queueUrl);
    }
  }
}
