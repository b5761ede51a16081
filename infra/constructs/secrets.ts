import { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

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

  constructor(scope: Construct, id: string, props: { key: IKey }) {
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
  }
}
