import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnProtectConfiguration } from 'aws-cdk-lib/aws-smsvoice';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { getCountries } from 'libphonenumber-js';
import type { EnvOf } from '../../shared/kernel/env';
import {
  surveyPolicyEnv,
  surveyReplyEnv,
  type surveySchedulerEnv,
  surveySendEnv,
} from '../../shared/surveys/env';
import { SURVEY_QUEUE_SETTINGS } from '../../shared/surveys/ports';
import { assertSingleSegmentSms, DEFAULT_SURVEY_TEXT } from '../../shared/surveys/text';
import { AppFunction } from './app-function';
import { encryptedQueue } from './queues';
import type { Secrets } from './secrets';
import type { Storage } from './storage';

/** At most this many senders run at once: SMS throughput and spend stay bounded (N10). */
export const SURVEY_SENDER_CONCURRENCY = 5;

export interface SurveysProps {
  storage: Storage;
  secrets: Secrets;
  /** The survey SMS (GSM-7, one segment; checked here, at synth time). Default: Finnish text. */
  text?: string;
  /** Optional one-time confirmation after an opt-out (GSM-7, one segment). */
  optOutConfirmation?: string;
  /** A number (E.164) or End User Messaging phone number/pool ARN that can receive replies. */
  originationIdentity?: string;
  /** N10, cost: surveys per Helsinki day, all numbers together (default 500). */
  dailyCap?: number;
  /** N10: the only countries SMS may go to (protect configuration, account default so SNS is covered). Default FI. */
  allowedCountries?: readonly string[];
  /** Policy overrides as environment values (countries, cooldown, sampling, delay, window, max age). */
  policy?: Partial<EnvOf<typeof surveyPolicyEnv>>;
}

/**
 * SMS satisfaction surveys (N10, N14; docs/surveys.md): a delayed job queue with a dead-letter
 * queue, the sender, the KMS-encrypted inbound topic that two-way SMS replies arrive on, and
 * the reply function. Each function gets exactly what it uses.
 */
export class Surveys extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  /** Redrive policy of the inbound reply subscription (SNS -> reply function). */
  readonly replyDeadLetters: Queue;
  readonly inbound: Topic;
  readonly protect: CfnProtectConfiguration;
  readonly sender: AppFunction<typeof surveySendEnv>;
  readonly replies: AppFunction<typeof surveyReplyEnv>;
  /** What the call webhook needs to schedule surveys (spread into its environment). */
  readonly schedulerEnvironment: EnvOf<typeof surveySchedulerEnv>;

  constructor(scope: Construct, id: string, props: SurveysProps) {
    super(scope, id);
    const { storage, secrets } = props;
    const text = props.text ?? DEFAULT_SURVEY_TEXT;
    // Fails the synth with a message naming the bad character or the length.
    assertSingleSegmentSms(text, 'surveys text');
    if (props.optOutConfirmation)
      assertSingleSegmentSms(props.optOutConfirmation, 'surveys optOutConfirmation');
    const policy = props.policy ?? {};
    const parsedPolicy = surveyPolicyEnv.safeParse(policy);
    if (!parsedPolicy.success) {
      throw new Error(
        `invalid survey policy: ${parsedPolicy.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }

    this.deadLetters = encryptedQueue(this, 'DeadLetters', storage.key, {
      retentionPeriod: Duration.days(14),
    });
    this.queue = encryptedQueue(this, 'Jobs', storage.key, {
      // Longer than the sender's timeout, so a job in progress is not handed out twice.
      visibilityTimeout: Duration.seconds(SURVEY_QUEUE_SETTINGS.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(2),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: SURVEY_QUEUE_SETTINGS.maxReceiveCount },
    });
    this.schedulerEnvironment = { ...policy, SURVEY_QUEUE_URL: this.queue.queueUrl };

    // N10: SMS only to the allowed countries. A protect configuration allows every country it does
    // not name, so every other country is blocked; made the account default, it covers SNS too.
    const allowed = new Set(props.allowedCountries ?? ['FI']);
    this.protect = new CfnProtectConfiguration(this, 'ProtectConfiguration', {
      deletionProtectionEnabled: false,
      countryRuleSet: {
        sms: getCountries()
          .filter((country) => !allowed.has(country))
          .map((countryCode) => ({ countryCode, protectStatus: 'BLOCK' })),
      },
    });
    new AwsCustomResource(this, 'ProtectConfigurationAccountDefault', {
      installLatestAwsSdk: false,
      onUpdate: {
        service: 'PinpointSMSVoiceV2',
        action: 'setAccountDefaultProtectConfiguration',
        parameters: { ProtectConfigurationId: this.protect.attrProtectConfigurationId },
        physicalResourceId: PhysicalResourceId.of('account-default-protect-configuration'),
      },
      onDelete: {
        service: 'PinpointSMSVoiceV2',
        action: 'deleteAccountDefaultProtectConfiguration',
        parameters: {},
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: [
            'sms-voice:SetAccountDefaultProtectConfiguration',
            'sms-voice:DeleteAccountDefaultProtectConfiguration',
          ],
          resources: [this.protect.attrArn],
        }),
      ]),
    });
    // Replies: End User Messaging SMS publishes inbound SMS to this topic, encrypted with the data
    // key like every other copy of contact data. A key of its own cost $1 a month and separated
    // nothing: the data key already lets SNS and (with Connect) Connect use it, each only for this
    // account, exactly as the statement below lets End User Messaging (docs/cost.md, fixed costs).
    const smsService = new ServicePrincipal('sms-voice.amazonaws.com');
    storage.allowServiceToUseKey(smsService);
    this.inbound = new Topic(this, 'InboundReplies', {
      displayName: 'contact-recordings inbound SMS replies',
      masterKey: storage.key,
      enforceSSL: true,
    });
    this.inbound.addToResourcePolicy(
      new PolicyStatement({
        principals: [smsService],
        actions: ['sns:Publish'],
        resources: [this.inbound.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    // Nobody else may publish: an IAM principal in this account could otherwise forge replies
    // (opt-outs, scores). Explicit denies win over any identity policy.
    const inboundSources = smsInboundSourceArns(Stack.of(this), props.originationIdentity);
    this.inbound.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyPublishersButTheSmsService',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.inbound.topicArn],
        conditions: { StringNotEquals: { 'aws:PrincipalServiceName': smsService.service } },
      }),
    );
    this.inbound.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenySmsFromOtherNumbers',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.inbound.topicArn],
        conditions: { ArnNotLike: { 'aws:SourceArn': inboundSources } },
      }),
    );

    // SMS to phone numbers only: NotResource excludes every topic and endpoint ARN.
    const publishSms = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['sns:Publish'],
      notResources: ['arn:aws:sns:*:*:*'],
    });
    const identity = props.originationIdentity
      ? { SURVEY_ORIGINATION_IDENTITY: props.originationIdentity }
      : {};

    this.sender = new AppFunction(this, 'Send', {
      entry: 'survey-send',
      description: 'Survey queue -> re-check eligibility -> one SMS per call (SNS)',
      envSchema: surveySendEnv,
      environment: {
        ...this.schedulerEnvironment,
        CONTACTS_TABLE: storage.contacts.tableName,
        PEPPER_SECRET_ID: secrets.pepper.secretArn,
        SURVEY_TEXT: text,
        SURVEY_DAILY_CAP: String(props.dailyCap ?? 500),
        ...identity,
      },
      timeout: Duration.seconds(SURVEY_QUEUE_SETTINGS.timeoutSeconds),
      reservedConcurrency: SURVEY_SENDER_CONCURRENCY,
    });
    this.sender.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: SURVEY_QUEUE_SETTINGS.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: SURVEY_SENDER_CONCURRENCY,
      }),
    );
    this.queue.grantSendMessages(this.sender); // re-enqueue jobs that arrive before their time
    storage.grantContacts(this.sender, ['GetItem', 'UpdateItem']);
    secrets.pepper.grantRead(this.sender);
    this.sender.addToRolePolicy(publishSms);

    const replyDeadLetters = encryptedQueue(this, 'ReplyDeadLetters', storage.key, {
      retentionPeriod: Duration.days(14),
    });
    this.replyDeadLetters = replyDeadLetters;
    // SNS writes undeliverable replies to the KMS-encrypted dead-letter queue with the data key.
    storage.allowServiceToUseKey(new ServicePrincipal('sns.amazonaws.com'));
    Validations.of(replyDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue IS a dead-letter queue: the SNS subscription redrive policy of the inbound reply topic.',
    });
    this.replies = new AppFunction(this, 'Reply', {
      entry: 'survey-reply',
      description: 'Inbound SMS replies: score 1-5 or STOP/LOPETA/SEIS/STOPP (opt-out)',
      envSchema: surveyReplyEnv,
      environment: {
        CONTACTS_TABLE: storage.contacts.tableName,
        PEPPER_SECRET_ID: secrets.pepper.secretArn,
        ...(props.optOutConfirmation ? { SURVEY_OPTOUT_CONFIRMATION: props.optOutConfirmation } : {}),
        ...identity,
      },
    });
    this.inbound.addSubscription(new LambdaSubscription(this.replies, { deadLetterQueue: replyDeadLetters }));
    // SNS invokes the function asynchronously: a reply whose handling fails twice is kept, not dropped.
    this.replies.configureAsyncInvoke({
      onFailure: new SqsDestination(replyDeadLetters),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    storage.grantContacts(this.replies, ['GetItem', 'UpdateItem']);
    secrets.pepper.grantRead(this.replies);
    if (props.optOutConfirmation) this.replies.addToRolePolicy(publishSms);
  }
}

/**
 * The End User Messaging resources that may deliver replies to the inbound topic: the configured
 * phone-number or pool ARN when the origination identity is one, else any phone number or pool of
 * this account in this region (an E.164 number cannot be turned into its ARN at synth time).
 */
function smsInboundSourceArns(stack: Stack, originationIdentity: string | undefined): string[] {
  if (originationIdentity?.startsWith('arn:')) return [originationIdentity];
  const base = `arn:${stack.partition}:sms-voice:${stack.region}:${stack.account}`;
  return [`${base}:phone-number/*`, `${base}:pool/*`];
}
