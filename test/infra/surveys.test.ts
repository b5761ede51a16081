import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Secrets } from '../../infra/constructs/secrets';
import { Storage } from '../../infra/constructs/storage';
import { Surveys } from '../../infra/constructs/surveys';
import { synthStack, testApp } from '../support/stack';

const { stack, template } = synthStack({ surveyOriginationIdentity: '+358451234567' });
const resolve = (value: unknown) => stack.resolve(value);
const functionWithEntry = (entry: string) =>
  template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: entry }) } },
  });
const logicalIdOf = (entry: string) => Object.keys(functionWithEntry(entry))[0] as string;
const policiesOf = (entry: string) => {
  const role = (
    Object.values(functionWithEntry(entry))[0] as { Properties: { Role: { 'Fn::GetAtt': string[] } } }
  ).Properties.Role['Fn::GetAtt'][0];
  return Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
  ).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
        .PolicyDocument.Statement,
  );
};

describe('surveys construct', () => {
  it('N10: queues survey jobs on a KMS-encrypted queue with a dead-letter queue after 5 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: Match.anyValue(),
      VisibilityTimeout: 6 * 20, // 6 × the sender timeout (was 60 before issue 13)
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('N17: receives SMS replies on a KMS-encrypted SNS topic that only End User Messaging SMS may publish to', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'contact-recordings inbound SMS replies',
      KmsMasterKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalIdOf('survey-reply'), 'Arn'] },
      RedrivePolicy: Match.anyValue(),
    });
  });

  it('runs the sender from the queue with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('survey-send') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('configures the sender with the validated text and the origination identity', () => {
    const sender = Object.values(functionWithEntry('survey-send'))[0] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(sender.Properties.Environment.Variables).toMatchObject({
      SURVEY_ORIGINATION_IDENTITY: '+358451234567',
      SURVEY_TEXT: expect.stringContaining('LOPETA'),
    });
  });

  it('N17: lets the sender publish SMS to phone numbers only, never to a topic', () => {
    const publish = policiesOf('survey-send').filter((s) => s.Action === 'sns:Publish');
    expect(publish).toEqual([{ Action: 'sns:Publish', Effect: 'Allow', NotResource: 'arn:aws:sns:*:*:*' }]);
  });

  it('N17: gives the sender and the reply function only GetItem and UpdateItem on the contacts table', () => {
    for (const entry of ['survey-send', 'survey-reply']) {
      const dynamo = policiesOf(entry).filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
      expect(dynamo.map((s) => s.Action)).toEqual([['dynamodb:GetItem', 'dynamodb:UpdateItem']]);
    }
  });

  it('lets the call webhook schedule surveys (send to the queue) and tells it where the queue is', () => {
    const sendToJobs = policiesOf('call-events').filter(
      (st) =>
        JSON.stringify(st.Action).includes('sqs:SendMessage') &&
        JSON.stringify(st.Resource).includes('SurveysJobs'),
    );
    expect(sendToJobs).toHaveLength(1);
    const callEvents = Object.values(functionWithEntry('call-events'))[0] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(resolve(callEvents.Properties.Environment.Variables.SURVEY_QUEUE_URL)).toEqual({
      Ref: expect.stringMatching(/^SurveysJobs/),
    });
  });
});

describe('survey SMS text validated at synth time', () => {
  const build =
    (props: { text?: string; optOutConfirmation?: string; policy?: Record<string, string> }) => () => {
      const scope = new Stack(testApp(), 'S', { env: { region: 'eu-north-1' } });
      const storage = new Storage(scope, 'Storage');
      new Surveys(scope, 'Surveys', {
        storage,
        secrets: new Secrets(scope, 'Secrets', { key: storage.key }),
        ...props,
      });
    };

  it('rejects a text with a character outside GSM-7, naming it', () => {
    expect(build({ text: 'Kiitos – vastaa 1-5' })).toThrow(
      'surveys text: character "–" (U+2013) at position 8 is not in the GSM-7 alphabet',
    );
  });

  it('rejects a text longer than one segment, naming the length', () => {
    expect(build({ text: 'x'.repeat(170) })).toThrow('surveys text is 170 GSM-7 characters long');
  });

  it('rejects an opt-out confirmation with an emoji', () => {
    expect(build({ optOutConfirmation: 'Selvä 👍' })).toThrow('surveys optOutConfirmation: character "👍"');
  });

  it('rejects a survey country outside the EU/EEA (N12)', () => {
    expect(build({ policy: { SURVEY_COUNTRIES: 'FI,US' } })).toThrow(
      'invalid survey policy: SURVEY_COUNTRIES: survey countries must be EU/EEA ISO codes (N12); not allowed: US',
    );
  });
});
