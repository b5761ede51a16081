import { Match } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { parseContext } from '../../infra/config';
import { EU_EEA_REGIONS } from '../../infra/regions';
import { ContactRecordingsStack } from '../../infra/stack';
import { synthStack, testApp } from '../support/stack';

const { stack, template } = synthStack();

// Which regions are accepted or refused, and the wording: test/unit/infra/ (regions, config).
describe('region (N12)', () => {
  const refusal = (region: string) =>
    `region "${region}" is outside the EU/EEA and is refused (privacy notice N12: no transfer outside the EU/EEA). Deploy with -c region=<one of ${EU_EEA_REGIONS.join(', ')}>.`;

  it('N12: deploys to eu-north-1 by default', () => {
    expect(stack.region).toBe('eu-north-1');
  });

  it('N12: builds the stack in the EU/EEA region given with -c region', () => {
    const app = buildApp(testApp({ context: { region: 'eu-south-2', 'aws:cdk:bundling-stacks': [] } }));
    expect((app.node.findChild('ContactRecordings') as ContactRecordingsStack).region).toBe('eu-south-2');
  });

  it('N12: refuses to synthesise in us-east-1 before building anything, naming the region and the allowed ones', () => {
    const app = testApp({ context: { region: 'us-east-1', 'aws:cdk:bundling-stacks': [] } });
    expect(() => buildApp(app)).toThrow(refusal('us-east-1'));
    expect(app.node.children).toHaveLength(0);
  });

  it('N12: the stack itself refuses a region outside the EU/EEA, however it is built', () => {
    const build = () =>
      new ContactRecordingsStack(testApp(), 'ContactRecordings', {
        env: { region: 'eu-west-2' },
        config: parseContext({}),
      });
    expect(build).toThrow(refusal('eu-west-2'));
  });
});

describe('contacts table', () => {
  const contacts = () =>
    template.findResources('AWS::DynamoDB::Table', {
      Properties: { KeySchema: Match.arrayWith([{ AttributeName: 'sk', KeyType: 'RANGE' }]) },
    });

  it('N13: expires items through TTL on expiresAt (a backstop to the sweep)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('N5/N17: is encrypted with a customer-managed KMS key that rotates', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: Match.arrayWith([{ AttributeName: 'sk', KeyType: 'RANGE' }]),
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('is on-demand, has point-in-time recovery, and is retained if the stack is deleted', () => {
    const [table] = Object.values(contacts());
    expect(table).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it('has the subject and expiry indexes the lookups and the sweep use (no Scan)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'bySubject',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'byExpiry',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });
});

describe('call webhook function', () => {
  const callEvents = () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'call-events' } } },
    });
    const [fn] = Object.values(functions);
    return fn as { Properties: Record<string, unknown> };
  };

  it('runs on the newest Node.js runtime, arm64, with explicit timeout and memory, JSON logs and tracing', () => {
    expect(callEvents().Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 10,
      MemorySize: 512,
      LoggingConfig: { LogFormat: 'JSON' },
      TracingConfig: { Mode: 'Active' },
    });
  });

  // Deliberate change (ADR 0007): one secret per platform, in the PLATFORMS registry, replaces the
  // one shared WEBHOOK_SECRET_ID; this configuration registers no platform.
  it('gets its configuration, including the platform registry, from the environment', () => {
    expect(callEvents().Properties).toMatchObject({
      Environment: {
        Variables: {
          CONTACTS_TABLE: { Ref: expect.stringMatching(/^StorageContacts/) },
          IDEMPOTENCY_TABLE: { Ref: expect.stringMatching(/^StorageIdempotency/) },
          PLATFORMS: '{}',
          PEPPER_SECRET_ID: { Ref: expect.stringMatching(/^SecretsPseudonymPepper/) },
          RETENTION_MONTHS: '12',
        },
      },
    });
  });

  it('writes logs to a log group with a retention period', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('N17: may only get and update items of the contacts table, not scan, query or delete', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.entries(policies)
      .filter(([id]) => id.includes('CallEvents'))
      .flatMap(
        ([, p]) =>
          (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties
            .PolicyDocument.Statement,
      );
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
    expect(dynamo).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem']));
    expect(dynamo).not.toEqual(expect.arrayContaining(['dynamodb:Scan']));
    expect(actions).not.toContain('dynamodb:*');
  });

  it('applies the retention period from context', () => {
    const { template: t } = synthStack({ retentionMonths: '18' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'call-events', RETENTION_MONTHS: '18' }),
      },
    });
  });
});

describe('HTTP API', () => {
  it('routes POST /webhooks/{platform}/calls to the call webhook function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /webhooks/{platform}/calls',
      AuthorizationType: 'NONE',
    });
  });

  it('N11: puts every ops route behind IAM authorisation', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: { RouteKey: string; AuthorizationType?: string } }).Properties,
    );
    const ops = routes.filter((r) => r.RouteKey.includes('/ops/'));
    expect(ops.length).toBeGreaterThan(0);
    for (const route of ops) expect(route.AuthorizationType).toBe('AWS_IAM');
  });

  it('throttles and access-logs the default stage without client IPs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: { Format: Match.not(Match.stringLikeRegexp('sourceIp')) },
    });
  });
});

describe('secrets', () => {
  it('creates the webhook signing secret and the pseudonym pepper with generated values', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'current',
        PasswordLength: 48,
        ExcludePunctuation: true,
      }),
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'pepper', PasswordLength: 64 }),
    });
  });

  it('N17: encrypts every secret with the data key', () => {
    const dataKey = stack.getLogicalId(stack.storage.key.node.defaultChild as never);
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toContain(dataKey);
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret')).length).toBeGreaterThan(0);
    template.allResourcesProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [dataKey, 'Arn'] },
    });
  });
});
