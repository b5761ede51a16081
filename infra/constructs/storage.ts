import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement, type ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CONTACTS_TABLE_LAYOUT, IDEMPOTENCY_TABLE_LAYOUT } from '../../shared/kernel/table-keys';

/**
 * Where contact data lives (N5, N13, N17): the contacts table and the webhook idempotency table,
 * encrypted with a customer-managed KMS key that rotates yearly.
 *
 * Point-in-time recovery keeps continuous backups for 35 days: a deleted record can be restored
 * from backup for up to that long after its 12-month expiry (documented in docs/retention.md).
 */
export class Storage extends Construct {
  readonly key: Key;
  readonly contacts: Table;
  readonly idempotency: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'DataKey', {
      description: 'contact-recordings: encrypts contact metadata, transcripts and recordings',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const layout = CONTACTS_TABLE_LAYOUT;
    this.contacts = new Table(this, 'Contacts', {
      partitionKey: { name: layout.partitionKey, type: AttributeType.STRING },
      sortKey: { name: layout.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      timeToLiveAttribute: layout.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of layout.indexes) {
      this.contacts.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: {
          name: index.sortKey,
          type: index.sortKeyType === 'N' ? AttributeType.NUMBER : AttributeType.STRING,
        },
      });
    }

    // Webhook ids and response bodies ({contactId, outcome}) only: no personal data, nothing to retain.
    this.idempotency = new Table(this, 'Idempotency', {
      partitionKey: { name: IDEMPOTENCY_TABLE_LAYOUT.partitionKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 1 },
      timeToLiveAttribute: IDEMPOTENCY_TABLE_LAYOUT.ttlAttribute,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /**
   * Least privilege on the contacts table: exactly `actions`, on the table or (for Query) on
   * the named indexes only, plus use of the data key.
   */
  grantContacts(grantee: IGrantable, actions: string[], indexes: string[] = []): void {
    const resources = [this.contacts.tableArn, ...indexes.map((i) => `${this.contacts.tableArn}/index/${i}`)];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources }),
    );
    this.key.grantEncryptDecrypt(grantee);
  }

  /**
   * Lets an AWS service encrypt with the data key what it writes into this stack's encrypted
   * topics and queues, and only on behalf of this account (aws:SourceAccount).
   */
  allowServiceToUseKey(service: ServicePrincipal): void {
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [service],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }
}
