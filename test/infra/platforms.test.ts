import { synthStack } from '../support/stack';
import { PLATFORMS_CONTEXT, WEBHOOK_BASE_URL } from './platforms-context';

/** Platforms as tenants (ADR 0007): one secret each, a registry in the webhook functions' environment. */
const { template } = synthStack({ platforms: PLATFORMS_CONTEXT, webhookBaseUrl: WEBHOOK_BASE_URL });

type Resource = { Properties: Record<string, unknown> };
const resources = (type: string) => template.findResources(type) as Record<string, Resource>;
const webhookFunctions = () =>
  Object.entries(resources('AWS::Lambda::Function')).filter(([, fn]) =>
    /\/webhooks\/\{platform\}\//.test(String(fn.Properties.Description)),
  );

describe('platforms (ADR 0007)', () => {
  it('creates one secret per platform except the one adopting the pre-platform shared secret', () => {
    const secrets = Object.keys(resources('AWS::SecretsManager::Secret'));
    expect(secrets.filter((id) => id.startsWith('SecretsPlatform'))).toEqual([
      expect.stringMatching(/^SecretsPlatformothercc/),
      expect.stringMatching(/^SecretsPlatformtwiliofi/),
    ]);
    // The existing shared secret keeps its construct id (and so its value): acme-cc uses it.
    expect(secrets.some((id) => id.startsWith('SecretsWebhookSigning'))).toBe(true);
  });

  it('routes the Twilio Voice callbacks to one function that checks signatures against the configured URL', () => {
    for (const kind of ['status', 'recordings']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `POST /webhooks/{platform}/twilio/voice/${kind}`,
      });
    }
    const voice = webhookFunctions().filter(([, fn]) =>
      String(fn.Properties.Description).includes('twilio/voice'),
    );
    expect(voice).toHaveLength(1);
    expect(voice[0]?.[1].Properties).toMatchObject({
      Environment: {
        Variables: { WEBHOOK_BASE_URL: WEBHOOK_BASE_URL, POWERTOOLS_SERVICE_NAME: 'twilio-voice' },
      },
    });
  });

  it('routes Twilio Conversations webhooks to their own function with the configured URL', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /webhooks/{platform}/twilio/conversations',
    });
    const [conversations] = webhookFunctions().filter(([, fn]) =>
      String(fn.Properties.Description).includes('twilio/conversations'),
    );
    expect(conversations?.[1].Properties).toMatchObject({
      Environment: { Variables: { WEBHOOK_BASE_URL: WEBHOOK_BASE_URL } },
    });
  });

  it('creates no Twilio function without a Twilio platform', () => {
    const { template: plain } = synthStack({});
    expect(JSON.stringify(plain.toJSON())).not.toMatch(/twilio\/(voice|conversations)/);
  });

  it('gives the call, chat, upload-URL and Twilio webhooks the registry and read access to every platform secret', () => {
    const functions = webhookFunctions();
    expect(functions).toHaveLength(5);
    const policies = Object.values(resources('AWS::IAM::Policy'));
    for (const [id, fn] of functions) {
      const registry = JSON.stringify((fn.Properties.Environment as { Variables: object }).Variables);
      for (const secret of ['SecretsWebhookSigning', 'SecretsPlatformothercc', 'SecretsPlatformtwiliofi']) {
        expect(registry).toContain(secret);
      }
      expect(registry).toContain('\\"kind\\":\\"twilio\\"');
      const role = JSON.stringify(fn.Properties.Role);
      const statements = policies
        .filter((p) => role.includes(String((p.Properties.Roles as { Ref: string }[])[0]?.Ref)))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Resource: unknown }[] }).Statement);
      for (const secret of ['SecretsWebhookSigning', 'SecretsPlatformothercc', 'SecretsPlatformtwiliofi']) {
        expect(JSON.stringify(statements)).toContain(secret);
      }
      expect(id).toBeTruthy();
    }
  });
});
