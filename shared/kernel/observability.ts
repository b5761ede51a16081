import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per process. Service name comes from POWERTOOLS_SERVICE_NAME.
 * Rule: log ids, event types and outcomes; never bodies, numbers, nicknames or chat text.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'contact-recordings',
});
export const metrics = new Metrics({
  namespace: 'ContactRecordings',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'contact-recordings',
});
export const tracer = new Tracer({ enabled: process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined });
