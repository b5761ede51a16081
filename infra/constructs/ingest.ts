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
import { twilioVoiceEnv } from '../../shared/twilio/voice-env';
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
  /** Twilio Voice callbacks; only when a Twilio platform is configured. */
  readonly twilioVoice?: AppFunction<typeof twilioVoiceEnv>;

  constructor(
    scope: Construct,
    id: string,
    props: {
      storage: Storage;
      secrets: Secrets;
      retentionMonths: number;
      surveys: Surveys;
      recordings: Recordings;
      /** Whether a Twilio platform is configured (ADR 0007). */
      twilio?: boolean;
      /** The public base URL platforms are configured with (`-c webhookBaseUrl`); default the API's URL. */
      webhookBaseUrl?: string;
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

    const callEnvironment = {
      CONTACTS_TABLE: storage.contacts.tableName,
      IDEMPOTENCY_TABLE: storage.idempotency.tableName,
      PLATFORMS: secrets.platformsEnvironment,
      PEPPER_SECRET_ID: secrets.pepper.secretArn,
      RETENTION_MONTHS: String(props.retentionMonths),
      DEFAULT_COUNTRY: 'FI',
      ...props.recordings.webhookEnvironment,
      ...props.surveys.schedulerEnvironment,
    };
    this.callEvents = new AppFunction(this, 'CallEvents', {
      entry: 'call-events',
      description: 'POST /webhooks/{platform}/calls: signed call events -> contacts table',
      envSchema: webhookEnv,
      environment: callEnvironment,
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

    if (props.twilio) {
      const voice = new AppFunction(this, 'TwilioVoice', {
        entry: 'twilio-voice',
        description:
          'POST /webhooks/{platform}/twilio/voice/status and /recordings: Twilio Voice callbacks -> contacts table',
        envSchema: twilioVoiceEnv,
        environment: {
          ...callEnvironment,
          WEBHOOK_BASE_URL: props.webhookBaseUrl ?? this.api.apiEndpoint,
        },
        timeout: Duration.seconds(10),
      });
      storage.grantContacts(voice, ['GetItem', 'UpdateItem']);
      // Dedupe records (GetItem, PutItem) of callbacks Twilio cannot sign a timestamp into.
      storage.idempotency.grant(voice, 'dynamodb:GetItem', 'dynamodb:PutItem');
      secrets.grantPlatforms(voice);
      secrets.pepper.grantRead(voice);
      props.recordings.fetchQueue.grantSendMessages(voice);
      props.surveys.queue.grantSendMessages(voice);
      const integration = new HttpLambdaIntegration('TwilioVoiceIntegration', voice);
      for (const kind of ['status', 'recordings']) {
        this.api.addRoutes({
          path: `/webhooks/{platform}/twilio/voice/${kind}`,
          methods: [HttpMethod.POST],
          integration,
        });
      }
      this.twilioVoice = voice;
    }
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
