import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { type Bucket, type CfnBucket, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { connectCtrEnv } from '../../shared/connect/env';
import { CHAT_TRANSCRIPTS_PREFIX } from '../../shared/connect/transcript';
import { connectTranscriptEnv } from '../../shared/connect/transcript-env';
import { AppFunction } from './app-function';
import { encryptedQueue } from './queues';
import type { Secrets } from './secrets';
import type { Storage } from './storage';

/** The chat store's DynamoDB actions: META read-merge-write, one PutItem per message, TTL raises. */
const CHAT_WRITER_ACTIONS = ['GetItem', 'UpdateItem', 'PutItem', 'Query'];

export interface ConnectTranscriptsProps {
  storage: Storage;
  secrets: Secrets;
  /** The recordings bucket Connect writes its transcripts into (infra/constructs/connect.ts). */
  bucket: Bucket;
  /** N13: months a chat and its transcript are kept after the chat ended. */
  chatRetentionMonths: number;
  /** The CTR stream function: a chat CTR makes its chat, so it writes chats too. */
  ctr: AppFunction<typeof connectCtrEnv>;
}

/**
 * Amazon Connect chats (docs/platforms/amazon-connect.md, "Chats"): each chat transcript Connect
 * writes under `connect/chat-transcripts/` becomes its chat's messages and is then deleted;
 * chat CTRs on the stream make the chat's META. Both store through the chat store, so Connect
 * chats expire, are held, exported and erased like every chat.
 */
/** A transcript that could not be stored is kept this long, as its dead letter is. */
export const TRANSCRIPT_LEFTOVER_DAYS = 14;

export class ConnectTranscripts extends Construct {
  /** S3 ObjectCreated under connect/chat-transcripts/ -> the chat's messages. */
  readonly transcript: AppFunction<typeof connectTranscriptEnv>;
  /** On-failure destination of the asynchronous S3 -> transcript invocation (after two retries). */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ConnectTranscriptsProps) {
    super(scope, id);
    const { storage, secrets, bucket, ctr } = props;

    this.transcript = new AppFunction(this, 'Transcript', {
      entry: 'connect-transcript',
      description:
        'S3 ObjectCreated on connect/chat-transcripts/: a Connect chat transcript -> its chat (N4, N5)',
      envSchema: connectTranscriptEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: bucket.bucketName,
        PEPPER_SECRET_ID: secrets.pepper.secretArn,
        CHAT_RETENTION_MONTHS: String(props.chatRetentionMonths),
      },
      timeout: Duration.minutes(5),
    });
    storage.grantContacts(this.transcript, CHAT_WRITER_ACTIONS);
    secrets.pepper.grantRead(this.transcript);
    // Read and delete transcripts, nothing else in the bucket.
    this.transcript.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [bucket.arnForObjects(`${CHAT_TRANSCRIPTS_PREFIX}*`)],
      }),
    );
    Validations.of(this.transcript).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>/${CHAT_TRANSCRIPTS_PREFIX}*]`,
      reason:
        'Connect names its transcript objects itself (connect/chat-transcripts/<date>/<ContactId>_<time>.json): the function is granted that prefix, never the bucket.',
    });
    // So a transcript already stored and deleted reads as missing (404), not forbidden (403).
    this.transcript.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${CHAT_TRANSCRIPTS_PREFIX}*`] } },
      }),
    );

    // S3 invokes asynchronously: an event that still fails after two retries is kept, not dropped.
    this.deadLetters = encryptedQueue(this, 'TranscriptDeadLetters', storage.key, {
      retentionPeriod: Duration.days(TRANSCRIPT_LEFTOVER_DAYS),
    });
    // A stored transcript is deleted at once; one still here failed (malformed, or redrive pending).
    // It is kept as long as its dead letter, for ops to look at, and no longer (N13): the chat's own
    // retention is months, the connect/ backstop a year.
    bucket.addLifecycleRule({
      id: 'ExpireConnectTranscriptLeftovers',
      prefix: CHAT_TRANSCRIPTS_PREFIX,
      expiration: Duration.days(TRANSCRIPT_LEFTOVER_DAYS),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS a dead-letter queue: the on-failure destination of the S3 -> connect-transcript invocation.',
    });
    this.transcript.configureAsyncInvoke({
      onFailure: new SqsDestination(this.deadLetters),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.transcript), {
      prefix: CHAT_TRANSCRIPTS_PREFIX,
    });

    // A chat CTR writes its chat's META and may raise its messages' TTL (shared/connect/chat-ctr.ts).
    ctr.addEnvironment('CHAT_RETENTION_MONTHS', String(props.chatRetentionMonths));
    // Connect already lets it GetItem/UpdateItem (the META of a call); raising TTLs needs Query.
    storage.grantContacts(ctr, ['Query']);
  }
}
