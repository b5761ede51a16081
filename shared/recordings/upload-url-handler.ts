import { httpBundle } from '../http/bundle';
import { jsonResponse } from '../http/errors';
import { type SignedWebhookEvent, signedWebhook } from '../http/signed-webhook';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import { recordingUploadRequested } from './contract';
import { issueUploadUrl, type UploadUrlDeps } from './intake';

export interface UploadUrlHandlerDeps extends UploadUrlDeps {
  /** `fresh`: bypass the cache (asked once after a verification failure). */
  signingSecrets: (options?: { fresh?: boolean }) => Promise<string[]>;
}

/**
 * POST /webhooks/calls/recording-upload-url (Standard Webhooks signed): a presigned S3 PUT for
 * the call's recording, for platforms that push audio. The audio itself never passes through
 * API Gateway or Lambda: the platform PUTs it straight to S3.
 */
export function createUploadUrlHandler(deps: UploadUrlHandlerDeps) {
  return httpBundle<SignedWebhookEvent>(async (event) => {
    const request = parseOrThrow(
      recordingUploadRequested,
      event.payload,
      'recording.upload-requested request',
    );
    const upload = await issueUploadUrl(request, deps);
    logger.info('recording upload URL issued', { contactId: upload.contactId, key: upload.key });
    metrics.addMetric('RecordingUploadUrl_issued', 'Count', 1);
    return jsonResponse(200, upload);
  }, signedWebhook(deps.signingSecrets));
}
