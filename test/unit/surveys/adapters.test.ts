import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SmsNotSentError } from '../../../shared/surveys/ports';
import { SnsSmsSender } from '../../../shared/surveys/sns-sms-sender';
import { SqsSurveyQueue } from '../../../shared/surveys/sqs-survey-queue';

const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
beforeEach(() => {
  sns.reset();
  sqs.reset();
});

describe('SnsSmsSender', () => {
  it('publishes to the number as a Transactional SMS from the origination identity', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'mid-1' });
    const sender = new SnsSmsSender(new SNSClient({}), '+358451234567');
    // Act
    const result = await sender.send({ phoneNumber: '+358401234567', text: 'Arvioi 1-5' });
    // Assess
    expect(result).toEqual({ messageId: 'mid-1' });
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+358401234567',
      Message: 'Arvioi 1-5',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+358451234567' },
      },
    });
  });

  it('fails with a retryable SmsNotSentError when SNS throttles', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    const error = await new SnsSmsSender(new SNSClient({}))
      .send({ phoneNumber: '+358401234567', text: 'x' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(SmsNotSentError);
    expect(error).toMatchObject({ retryable: true, message: 'SNS throttled the SMS (ThrottledException)' });
  });

  it('fails with a final SmsNotSentError when SNS refuses the parameters', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('bad'), { name: 'InvalidParameterException' }));
    const error = await new SnsSmsSender(new SNSClient({}))
      .send({ phoneNumber: '+358401234567', text: 'x' })
      .catch((e) => e);
    expect(error).toMatchObject({ name: 'SmsNotSentError', retryable: false });
  });

  it('passes on errors whose outcome is unknown (the SMS may have gone out)', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const error = await new SnsSmsSender(new SNSClient({}))
      .send({ phoneNumber: '+358401234567', text: 'x' })
      .catch((e) => e);
    expect(error).not.toBeInstanceOf(SmsNotSentError);
    expect(error.message).toBe('socket hang up');
  });
});

describe('SqsSurveyQueue', () => {
  it('caps the delay at SQS’s 15 minutes and carries no personal data', async () => {
    // Prepare
    sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
    const queue = new SqsSurveyQueue(new SQSClient({}), 'https://sqs.eu-north-1.amazonaws.com/1/survey-jobs');
    // Act
    await queue.enqueue({ contactId: 'call-abc', notBefore: '2026-01-16T07:00:00.000Z' }, 13 * 3600);
    await queue.enqueue({ contactId: 'call-abc', notBefore: '2026-01-15T10:10:00.000Z' }, 599.2);
    // Assess
    const inputs = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.DelaySeconds)).toEqual([900, 600]);
    expect(JSON.parse(inputs[0]?.MessageBody ?? '')).toEqual({
      contactId: 'call-abc',
      notBefore: '2026-01-16T07:00:00.000Z',
    });
  });
});
