import { Duration } from 'aws-cdk-lib';
import type { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BY_SUBJECT_INDEX } from '../../shared/adapters/keys';
import { opsEnv } from '../../shared/config/env-ops';
import { OPS_ROUTES, splitRouteKey } from '../../shared/http/ops-routes';
import { AppFunction } from './app-function';
import type { Secrets } from './secrets';
import type { Storage } from './storage';

/**
 * The ops API (N7, N11): every route requires a SigV4-signed request from an IAM principal
 * allowed `execute-api:Invoke` on it — nothing is public. One function serves all ops routes and
 * writes one audit entry per request.
 */
export class Ops extends Construct {
  readonly api: AppFunction<typeof opsEnv>;

  constructor(
    scope: Construct,
    id: string,
    props: {
      httpApi: HttpApi;
      storage: Storage;
      secrets: Secrets;
      bucket: IBucket;
      retentionMonths: number;
      auditRetentionMonths: number;
    },
  ) {
    super(scope, id);
    const { httpApi, storage, secrets, bucket } = props;
    this.api = new AppFunction(this, 'OpsApi', {
      entry: 'ops-api',
      description: 'Ops API: find, show, play, hold, export, erase — audited',
      envSchema: opsEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        RECORDINGS_BUCKET: bucket.bucketName,
        PEPPER_SECRET_ID: secrets.pepper.secretArn,
        RETENTION_MONTHS: String(props.retentionMonths),
        AUDIT_RETENTION_MONTHS: String(props.auditRetentionMonths),
        DEFAULT_COUNTRY: 'FI',
      },
      timeout: Duration.seconds(29),
      // Subject exports are assembled in memory (docs/operations.md).
      memorySize: 2048,
    });
    storage.grantContacts(
      this.api,
      ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
      [BY_SUBJECT_INDEX],
    );
    secrets.pepper.grantRead(this.api);
    this.api.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['recordings/*', 'holds/*'] } },
      }),
    );
    const prefixes = ['recordings/*', 'holds/*', 'exports/*'].map((p) => bucket.arnForObjects(p));
    this.api.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: prefixes,
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
