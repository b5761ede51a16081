import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { smsClient } from '../shared/kernel/sns-client';
import { sqsClient } from '../shared/kernel/sqs-client';
import { loadEnv } from '../shared/kernel/env';
import { logger, metrics } from '../shared/kernel/observability';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { DynamoSurveyStore } from '../shared/surveys/dynamo-survey-store';
import { surveyPolicyFrom, surveySendEnv } from '../shared/surveys/env';
import { sendSurvey } from '../shared/surveys/send';
import { SnsSmsSender } from '../shared/surveys/sns-sms-sender';
import { SqsSurveyQueue } from '../shared/surveys/sqs-survey-queue';
import { DEFAULT_SURVEY_TEXT } from '../shared/surveys/text';

const env = loadEnv(surveySendEnv);
const deps = {
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  surveys: new DynamoSurveyStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  queue: new SqsSurveyQueue(sqsClient(), env.SURVEY_QUEUE_URL),
  sms: new SnsSmsSender(smsClient(), env.SURVEY_ORIGINATION_IDENTITY),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  policy: surveyPolicyFrom(env),
  text: env.SURVEY_TEXT ?? DEFAULT_SURVEY_TEXT,
};

/** SQS-triggered: one job per record; a failed record goes back to the queue (then the DLQ). */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const job = JSON.parse(record.body) as { contactId: string; notBefore: string };
        const outcome = await sendSurvey(job, deps);
        logger.info('survey job done', { contactId: job.contactId, outcome });
        metrics.addMetric(`Survey_${outcome}`, 'Count', 1);
      } catch (error) {
        // The error's name only: an SNS error message may repeat the phone number (N17).
        logger.error('survey job failed; it will be retried', {
          messageId: record.messageId,
          errorName: (error as Error).name,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
