import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Platforms } from '../../shared/kernel/platforms';
import type { PlatformConfig } from '../config';

/**
 * Secrets the stack creates for itself:
 * - the webhook signing secret, `{"current":"whsec_..."}`; during rotation ops add `previous`
 *   and both verify (docs/operations.md);
 * - the pepper for pseudonymous subject keys, `{"pepper":"..."}`. Never rotate it casually:
 *   subject lookups of existing records depend on it.
 */
export class Secrets extends Construct {
  readonly webhookSigning: Secret;
  readonly pepper: Secret;
  /** One secret per platform (ADR 0007), by slug. */
  readonly platformSecrets = new Map<string, Secret>();
  /** The `PLATFORMS` environment of the webhook functions (shared/kernel/platforms.ts). */
  readonly platformsEnvironment: string;

  constructor(scope: Construct, id: string, props: { key: IKey; platforms?: readonly PlatformConfig[] }) {
    super(scope, id);
    this.webhookSigning = new Secret(this, 'WebhookSigning', {
      description:
        'contact-recordings: Standard Webhooks signing secret(s) shared with the contact-center platforms',
      encryptionKey: props.key,
      // Alphanumeric of a length divisible by 4 is valid base64, which is what whsec_ secrets are.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'current',
        excludePunctuation: true,
        passwordLength: 48,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.pepper = new Secret(this, 'PseudonymPepper', {
      description: 'contact-recordings: pepper for HMAC pseudonyms of phone numbers and nicknames',
      encryptionKey: props.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'pepper',
        excludePunctuation: true,
        passwordLength: 64,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const registry: Platforms = {};
    for (const platform of props.platforms ?? []) {
      const { slug, kind, adoptSharedSecret, ...options } = platform;
      const secret = adoptSharedSecret
        ? this.webhookSigning
        : new Secret(this, `Platform-${slug}`, {
            description:
              kind === 'twilio'
                ? `contact-recordings: Twilio credentials of platform ${slug} (docs/platforms/twilio.md)`
                : `contact-recordings: Standard Webhooks signing secret of platform ${slug} (docs/platforms/standard-webhooks.md)`,
            encryptionKey: props.key,
            // Twilio: ops put the account's values in (docs/platforms/twilio.md); this placeholder verifies nothing.
            generateSecretString:
              kind === 'twilio'
                ? {
                    secretStringTemplate: JSON.stringify({}),
                    generateStringKey: 'unset',
                    excludePunctuation: true,
                  }
                : {
                    secretStringTemplate: JSON.stringify({}),
                    generateStringKey: 'current',
                    excludePunctuation: true,
                    passwordLength: 48,
                  },
            removalPolicy: RemovalPolicy.RETAIN,
          });
      this.platformSecrets.set(slug, secret);
      registry[slug] = { kind, secretId: secret.secretArn, ...options };
    }
    this.platformsEnvironment = JSON.stringify(registry);
  }

  /** Lets a webhook function read every platform's secret. */
  grantPlatforms(grantee: IGrantable): void {
    for (const secret of new Set(this.platformSecrets.values())) secret.grantRead(grantee);
  }
}
