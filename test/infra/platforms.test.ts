import { synthStack } from '../support/stack';
import { PLATFORMS_CONTEXT } from './platforms-context';

/** Platforms as tenants (ADR 0007): one secret each, a registry in the webhook functions' environment. */
const { template } = synthStack({ platforms: PLATFORMS_CONTEXT });

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

  it('gives the call, chat and upload-URL webhooks the registry and read access to every platform secret', () => {
    const functions = webhookFunctions();
    expect(functions).toHaveLength(3);
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
