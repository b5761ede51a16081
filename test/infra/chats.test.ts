import { Match } from 'aws-cdk-lib/assertions';
import { parseContext } from '../../infra/config';
import { synthStack, synthStackWith } from '../support/stack';

/**
 * The app as `cdk synth` builds it from context, or the stack on its own given its config prop
 * (no context read); functions not bundled.
 */
const synth = (props: { chatRetentionMonths?: number; context?: Record<string, string> } = {}) =>
  props.chatRetentionMonths === undefined
    ? synthStack(props.context).template
    : synthStackWith({ ...parseContext({}), chatRetentionMonths: props.chatRetentionMonths }).template;
const template = synth();

type Resource = { Properties: Record<string, unknown> };
const chatFunction = () => {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('/webhooks/{platform}/chats') },
  });
  const entries = Object.entries(functions) as [string, Resource][];
  expect(entries).toHaveLength(1);
  return entries[0] as [string, Resource];
};
const policyStatements = (roleLogicalId: string) =>
  Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleLogicalId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);

describe('chats (N4-N6)', () => {
  it('routes POST /webhooks/{platform}/chats to the chat-events function', () => {
    const [id] = chatFunction();
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /webhooks/{platform}/chats',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [id, 'Arn'] },
    });
  });

  it('N13: gives the function its own retention setting, 12 months by default, on the newest Node on arm64', () => {
    const [, fn] = chatFunction();
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: expect.objectContaining({ CHAT_RETENTION_MONTHS: '12' }) },
    });
  });

  it.each([
    ['the config prop chatRetentionMonths', { chatRetentionMonths: 6 }],
    ['-c chatRetentionMonths', { context: { chatRetentionMonths: '6' } }],
  ])('N13: takes the chat retention from %s', (_how, props) => {
    synth(props).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('/webhooks/{platform}/chats'),
      Environment: { Variables: Match.objectLike({ CHAT_RETENTION_MONTHS: '6' }) },
    });
  });

  it.each([
    ['the config prop chatRetentionMonths', { chatRetentionMonths: 6 }],
    ['-c chatRetentionMonths', { context: { chatRetentionMonths: '6' } }],
  ])('N9: gives the ops API (which releases holds) the same chat retention from %s', (_how, props) => {
    synth(props).hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Ops API'),
      Environment: {
        Variables: Match.objectLike({ CHAT_RETENTION_MONTHS: '6', RETENTION_MONTHS: '12' }),
      },
    });
  });

  it('N17: grants the contacts table only item reads/writes and Query on the table itself (no index, Scan or DeleteItem)', () => {
    const [, fn] = chatFunction();
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const dynamo = policyStatements(role).filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    const contacts = dynamo.find((s) => JSON.stringify(s.Resource).includes('Contacts'));
    expect(contacts?.Action).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
    ]);
    expect(JSON.stringify(contacts?.Resource)).not.toContain('/index/');
    const idempotency = dynamo.find((s) => JSON.stringify(s.Resource).includes('Idempotency'));
    expect(idempotency?.Action).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ]);
    expect(dynamo).toHaveLength(2);
  });
});
