import { Duration, Stack } from 'aws-cdk-lib';
import { CfnInstanceStorageConfig } from 'aws-cdk-lib/aws-connect';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONNECT_PREFIX } from '../../shared/kernel/object-keys';
import { connectInstanceRegionProblem } from '../connect-region';
import { RECORDING_EXPIRY_DAYS } from './recordings';

/** Where Connect writes in our bucket: `connect/call-recordings/…` and `connect/chat-transcripts/…`. */
export const CONNECT_CALL_RECORDINGS_PREFIX = `${CONNECT_PREFIX}call-recordings`;
export const CONNECT_CHAT_TRANSCRIPTS_PREFIX = `${CONNECT_PREFIX}chat-transcripts`;
/** CTRs wait on the stream at most a day (Kinesis' minimum) before they are read or lost. */
export const CTR_STREAM_RETENTION_HOURS = 24;

export interface ConnectProps {
  /** `-c connectInstanceArn=arn:aws:connect:eu-central-1:<account>:instance/<id>` */
  instanceArn: string;
  /** The data key (Storage.key): the stream and everything Connect writes to the bucket use it. */
  key: Key;
  /** The recordings bucket: Connect writes straight into it, under connect/ (N13 lifecycle). */
  bucket: Bucket;
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
  readonly storageConfigs: {
    contactTraceRecords: CfnInstanceStorageConfig;
    callRecordings: CfnInstanceStorageConfig;
    chatTranscripts: CfnInstanceStorageConfig;
  };

  constructor(scope: Construct, id: string, props: ConnectProps) {
    super(scope, id);
    const { instanceArn, key, bucket } = props;
    const stack = Stack.of(this);
    const problem = connectInstanceRegionProblem(instanceArn, stack.region);
    if (problem) throw new Error(problem);

    this.stream = new Stream(this, 'CtrStream', {
      streamMode: StreamMode.ON_DEMAND,
      encryption: StreamEncryption.KMS,
      encryptionKey: key,
      retentionPeriod: Duration.hours(CTR_STREAM_RETENTION_HOURS),
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
  }
}
