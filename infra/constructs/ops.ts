import { Duration } from 'aws-cdk-lib';
import type { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { opsEnv } from '../../shared/config/env-ops';
import { OPS_ROUTES, splitRouteKey } from '../../shared/http/ops-routes';
import { AppFunction } from './app-function';
import type { Storage } from './storage';

/**
 * The ops API (N7, N11): every route requires a SigV4-signed request from an IAM principal
 * allowed `execute-api:Invoke` on it — nothing is public. One function serves all ops routes.
 */
export class Ops extends Construct {
  readonly api: AppFunction<typeof opsEnv>;

  constructor(scope: Construct, id: string, props: { httpApi: HttpApi; storage: Storage }) {
    super(scope, id);
    const { httpApi, storage } = props;
    this.api = new AppFunction(this, 'OpsApi', {
      entry: 'ops-api',
      description: 'Ops API: find, show, play, hold, export, erase — audited',
      envSchema: opsEnv,
      environment: { CONTACTS_TABLE: storage.contacts.tableName },
      timeout: Duration.seconds(29),
    });
    storage.grantContacts(this.api, ['GetItem']);

    const integration = new HttpLambdaIntegration('OpsIntegration', this.api);
    const authorizer = new HttpIamAuthorizer();
    for (const key of Object.values(OPS_ROUTES)) {
      const { method, path } = splitRouteKey(key);
      httpApi.addRoutes({ path, methods: [method as HttpMethod], integration, authorizer });
    }
  }
}
