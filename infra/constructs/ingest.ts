import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { webhookEnv } from '../../shared/calls/env';
import { AppFunction } from './app-function';
import type { Recordings } from './recordings';
import type { Secrets } from './secrets';
import type { Storage } from './storage';
import type { Surveys } from './surveys';

/**
 * The webhook side: an HTTP API (TLS only, throttled, access-logged without client IPs) and
 * the functions behind it, each granted exactly what it uses.
 */
export class Ingest extends Construct {
  readonly api: HttpApi;
  readonly callEvents: AppFunction<typeof webhookEnv>;

  constructor(
    scope: Construct,
    id: string,
    props: {
      storage: Storage;
      secrets: Secrets;
      retentionMonths: number;
      surveys: Surveys;
      recordings: Recordings;
    },
  ) {
    super(scope, id);
    const { storage, secrets } = props;

    this.api = new HttpApi(this, 'Api', {
      description: 'contact-recordings webhooks (Standard Webhooks signed)',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No source IP or user agent: ids, route and outcome only.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    this.callEvents = new AppFunction(this, 'CallEvents', {
      entry: 'call-events',
      description: 'POST /webhooks/{platform}/calls: signed call events -> contacts table',
      envSchema: webhookEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        IDEMPOTENCY_TABLE: storage.idempotency.tableName,
        PLATFORMS: secrets.platformsEnvironment,
        PEPPER_SECRET_ID: secrets.pepper.secretArn,
        RETENTION_MONTHS: String(props.retentionMonths),
        DEFAULT_COUNTRY: 'FI',
        ...props.recordings.webhookEnvironment,
        ...props.surveys.schedulerEnvironment,
      },
      timeout: Duration.seconds(10),
    });
    storage.grantContacts(this.callEvents, ['GetItem', 'UpdateItem']);
    storage.idempotency.grant(
      this.callEvents,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    secrets.grantPlatforms(this.callEvents);
    secrets.pepper.grantRead(this.callEvents);
    props.recordings.fetchQueue.grantSendMessages(this.callEvents);
    props.surveys.queue.grantSendMessages(this.callEvents);

    this.api.addRoutes({
      path: '/webhooks/{platform}/calls',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('CallEventsIntegration', this.callEvents),
    });
  }
}
