import { Match } from 'aws-cdk-lib/assertions';
import { OPS_ROUTES } from '../../shared/ops/routes';
import { synthStack } from '../support/stack';

describe('retention and ops infrastructure', () => {
  const { stack, template } = synthStack();
  const sweepLogicalId = stack.getLogicalId(stack.retention.sweep.node.defaultChild as never);
  const opsLogicalId = stack.getLogicalId(stack.ops.api.node.defaultChild as never);

  const policyOf = (functionLogicalId: string) => {
    const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId];
    const role = JSON.stringify(fn?.Properties?.Role);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(JSON.parse(role).Ref ?? JSON.parse(role)['Fn::GetAtt'][0]),
    );
    return JSON.stringify(policies.map((p) => p.Properties.PolicyDocument.Statement));
  };

  it('N13: runs the retention sweep every hour', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [sweepLogicalId, 'Arn'] } })]),
    });
  });

  it('N13: gives the sweep 15 minutes and bounded batches', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({ SWEEP_MAX_CONTACTS: '20000', AUDIT_RETENTION_MONTHS: '24' }),
      },
    });
  });

  it('never lets the sweep or the ops API Scan the contacts table', () => {
    expect(policyOf(sweepLogicalId)).not.toContain('dynamodb:Scan');
    expect(policyOf(opsLogicalId)).not.toContain('dynamodb:Scan');
    expect(policyOf(sweepLogicalId)).toContain('dynamodb:Query');
  });

  it('N11: puts every ops route behind IAM (SigV4) authorisation', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter((r) =>
      String(r.Properties.RouteKey).includes('/ops/'),
    );
    expect(routes.length).toBe(Object.keys(OPS_ROUTES).length);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
  });

  it('N7: keeps audit entries 24 months by default', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ AUDIT_RETENTION_MONTHS: '24', PEPPER_SECRET_ID: Match.anyValue() }),
      },
    });
  });
});
