import { Match } from 'aws-cdk-lib/assertions';
import { EXPORT_CONCURRENCY } from '../../infra/constructs/ops';
import { FETCH_CONCURRENCY } from '../../infra/constructs/recordings';
import { SURVEY_SENDER_CONCURRENCY } from '../../infra/constructs/surveys';
import { OPS_ROUTES } from '../../shared/ops/routes';
import { synthStack } from '../support/stack';

const THROTTLE_CONTEXT = {
  webhookThrottleRate: '120',
  webhookThrottleBurst: '240',
  uploadUrlThrottleRate: '7',
  uploadUrlThrottleBurst: '14',
  opsThrottleRate: '3',
  opsThrottleBurst: '6',
};
const routeSettings = (context: Record<string, string>) => {
  const stages = synthStack(context).template.findResources('AWS::ApiGatewayV2::Stage');
  return (Object.values(stages)[0] as { Properties: { RouteSettings: Record<string, unknown> } }).Properties
    .RouteSettings;
};
const budget = (rate: number, burst: number) => ({ ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst });

describe('per-route throttles on the HTTP API stage', () => {
  it('gives webhooks, recording upload URLs and every ops route their own default budget', () => {
    const settings = routeSettings({});
    expect(settings['POST /webhooks/{platform}/calls']).toEqual(budget(50, 100));
    expect(settings['POST /webhooks/{platform}/chats']).toEqual(budget(50, 100));
    expect(settings['POST /webhooks/{platform}/calls/recording-upload-url']).toEqual(budget(10, 20));
    for (const key of Object.values(OPS_ROUTES)) expect(settings[key]).toEqual(budget(10, 20));
  });

  it('takes each budget from context', () => {
    const settings = routeSettings(THROTTLE_CONTEXT);
    expect(settings['POST /webhooks/{platform}/calls']).toEqual(budget(120, 240));
    expect(settings['POST /webhooks/{platform}/calls/recording-upload-url']).toEqual(budget(7, 14));
    expect(settings[OPS_ROUTES.eraseSubject]).toEqual(budget(3, 6));
  });

  it('creates the stage after the routes it names', () => {
    const { template } = synthStack();
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as {
      DependsOn?: string[];
    };
    const routes = Object.keys(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routes));
  });
});

describe('reserved concurrency', () => {
  const { template } = synthStack();
  it.each([
    ['survey-send', SURVEY_SENDER_CONCURRENCY],
    ['recording-fetch', FETCH_CONCURRENCY],
    ['subject-export', EXPORT_CONCURRENCY],
  ])(
    'N10, N16: reserves %s concurrency and caps its queue poller at the same number',
    (entry, concurrency) => {
      const functions = template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: entry }) } },
      });
      const [id, fn] = Object.entries(functions)[0] as [string, { Properties: Record<string, unknown> }];
      expect(fn.Properties.ReservedConcurrentExecutions).toBe(concurrency);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: id },
        ScalingConfig: { MaximumConcurrency: concurrency },
      });
    },
  );
});
