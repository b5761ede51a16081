import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Every queue of the stack: encrypted with the data key and reachable over TLS only (N17). */
export function encryptedQueue(
  scope: Construct,
  id: string,
  key: IKey,
  props: Omit<QueueProps, 'encryption' | 'encryptionMasterKey' | 'enforceSSL'> = {},
): Queue {
  return new Queue(scope, id, {
    ...props,
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
  });
}
