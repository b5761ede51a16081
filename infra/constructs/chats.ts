import { Duration } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { chatEventsEnv } from '../../shared/chats/env';
import { twilioConversationsEnv } from '../../shared/twilio/conversations-env';
import { AppFunction } from './app-function';
import type { Secrets } from './secrets';
import type { Storage } from './storage';

export interface ChatsProps {
  /** The webhook HTTP API (ingest.api) the chat route is added to. */
  api: HttpApi;
  storage: Storage;
  secrets: Secrets;
  /** N13: months a chat and its transcript are kept after the chat ended. */
  retentionMonths: number;
  /** Whether a Twilio platform is configured: adds the Twilio Conversations route (ADR 0007). */
  twilio?: boolean;
  /** The public base URL Twilio is configured with; default the API's URL. */
  webhookBaseUrl?: string;
}

/**
 * Chats and chatbot conversations (N4–N6): `POST /webhooks/chats` and the chat-events function,
 * granted exactly what it uses: read/write items of the contacts table (META and MSG# items,
 * Query within a contact to re-stamp expiries), its idempotency records, and the two secrets.
 */
export class Chats extends Construct {
  readonly chatEvents: AppFunction<typeof chatEventsEnv>;

  constructor(scope: Construct, id: string, props: ChatsProps) {
    super(scope, id);
    const { api, storage, secrets } = props;

    const chatEnvironment = {
      CONTACTS_TABLE: storage.contacts.tableName,
      IDEMPOTENCY_TABLE: storage.idempotency.tableName,
      PLATFORMS: secrets.platformsEnvironment,
      PEPPER_SECRET_ID: secrets.pepper.secretArn,
      CHAT_RETENTION_MONTHS: String(props.retentionMonths),
    };
    this.chatEvents = new AppFunction(this, 'ChatEvents', {
      entry: 'chat-events',
      description: 'POST /webhooks/{platform}/chats: signed chat events and transcripts -> contacts table',
      envSchema: chatEventsEnv,
      environment: chatEnvironment,
      // chat.ended re-stamps the expiry of every message of a long chat before it answers.
      timeout: Duration.seconds(29),
    });
    storage.grantContacts(this.chatEvents, ['GetItem', 'PutItem', 'UpdateItem', 'Query']);
    storage.idempotency.grant(
      this.chatEvents,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    secrets.grantPlatforms(this.chatEvents);
    secrets.pepper.grantRead(this.chatEvents);

    api.addRoutes({
      path: '/webhooks/{platform}/chats',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('ChatEventsIntegration', this.chatEvents),
    });

    if (props.twilio) {
      const conversations = new AppFunction(this, 'TwilioConversations', {
        entry: 'twilio-conversations',
        description:
          'POST /webhooks/{platform}/twilio/conversations: Twilio Conversations webhooks -> contacts table',
        envSchema: twilioConversationsEnv,
        environment: { ...chatEnvironment, WEBHOOK_BASE_URL: props.webhookBaseUrl ?? api.apiEndpoint },
        timeout: Duration.seconds(29),
      });
      storage.grantContacts(conversations, ['GetItem', 'PutItem', 'UpdateItem', 'Query']);
      secrets.grantPlatforms(conversations);
      secrets.pepper.grantRead(conversations);
      api.addRoutes({
        path: '/webhooks/{platform}/twilio/conversations',
        methods: [HttpMethod.POST],
        integration: new HttpLambdaIntegration('TwilioConversationsIntegration', conversations),
      });
    }
  }
}
