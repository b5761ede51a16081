import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SmsAccountBlockedError, SmsNotSentError, type SmsSender } from './ports';

/** Error names SNS returns when it did not accept the message. */
const THROTTLED = new Set(['ThrottledException', 'ThrottlingException', 'KMSThrottlingException']);
const REFUSED = new Set([
  'InvalidParameterException',
  'InvalidParameterValueException',
  'OptedOutException',
  'ValidationException',
]);
/** Account-level: no SMS can go out until someone acts (spend limit, permissions, quota). */
const ACCOUNT_BLOCKED = new Set([
  'AuthorizationErrorException',
  'ServiceQuotaExceededException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
]);

/**
 * SMS through SNS `Publish` to a phone number: SMS type Transactional, and an origination
 * identity (a number that can receive replies) when configured. The client must be created
 * with `maxAttempts: 1`: an SDK retry after a timeout could send the SMS twice.
 */
export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly client: SNSClient,
    private readonly originationIdentity?: string,
  ) {}

  async send({ phoneNumber, text }: { phoneNumber: string; text: string }): Promise<{ messageId: string }> {
    try {
      const out = await this.client.send(
        new PublishCommand({
          PhoneNumber: phoneNumber,
          Message: text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.originationIdentity
              ? {
                  'AWS.MM.SMS.OriginationNumber': {
                    DataType: 'String',
                    StringValue: this.originationIdentity,
                  },
                }
              : {}),
          },
        }),
      );
      return { messageId: out.MessageId ?? 'unknown' };
    } catch (error) {
      const name = (error as Error).name;
      if (THROTTLED.has(name))
        throw new SmsNotSentError(`SNS throttled the SMS (${name})`, true, { cause: error });
      if (ACCOUNT_BLOCKED.has(name))
        throw new SmsAccountBlockedError(`the account cannot send SMS now (${name})`, { cause: error });
      if (REFUSED.has(name))
        throw new SmsNotSentError(`SNS refused the SMS (${name})`, false, { cause: error });
      throw error;
    }
  }
}
