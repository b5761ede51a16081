import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
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
  readonly stage: HttpStage;
  /** The stage's access logs (JSON: routeKey, status), for the webhook alarms (monitoring.ts). */
  readonly accessLogs: LogGroup;

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
    this.accessLogs = accessLogs;
    this.stage = new HttpStage(this, 'DefaultStage', {
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
      description: 'POST /webhooks/calls: signed call events -> contacts table',
      envSchema: webhookEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        IDEMPOTENCY_TABLE: storage.idempotency.tableName,
        WEBHOOK_SECRET_ID: secrets.webhookSigning.secretArn,
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
    secrets.webhookSigning.grantRead(this.callEvents);
    secrets.pepper.grantRead(this.callEvents);
    props.recordings.fetchQueue.grantSendMessages(this.callEvents);
    props.surveys.queue.grantSendMessages(this.callEvents);

    this.api.addRoutes({
      path: '/webhooks/calls',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('CallEventsIntegration', this.callEvents),
    });
  }

  /**
   * Per-route throttles (docs/deploy.md): every route of the API gets the budget of its group, so a
   * flood of junk on the unauthenticated webhook URL cannot starve the upload URLs or ops. Call
   * after every route is added; the stage then depends on the routes it names.
   */
  throttleRoutes(budgets: { group: (routeKey: string) => RouteBudget | undefined }): void {
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const child of this.api.node.children) {
      if (!(child instanceof HttpRoute)) continue;
      const routeKey = (child.node.defaultChild as CfnRoute).routeKey;
      const budget = budgets.group(routeKey);
      if (!budget) continue;
      settings[routeKey] = { ThrottlingRateLimit: budget.rate, ThrottlingBurstLimit: budget.burst };
      this.stage.node.addDependency(child);
    }
    (this.stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', settings);
  }
}

/** Steady requests per second and burst of one route. */
export interface RouteBudget {
  rate: number;
  burst: number;
}
