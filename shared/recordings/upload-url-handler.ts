import { jsonResponse } from '../http/errors';
import { type SignedWebhookDeps, signedPlatformWebhook } from '../http/platform-webhook';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import { recordingUploadRequested } from './contract';
import { issueUploadUrl, type UploadUrlDeps } from './intake';

export interface UploadUrlHandlerDeps extends UploadUrlDeps, SignedWebhookDeps {}

/**
 * POST /webhooks/{platform}/calls/recording-upload-url (Standard Webhooks signed): a presigned S3 PUT for
 * the call's recording, for platforms that push audio. The audio itself never passes through
 * API Gateway or Lambda: the platform PUTs it straight to S3. A replayed webhook-id gets the
 * first answer (the same create-only URL), so a captured request cannot mint fresh URLs.
 */
export function createUploadUrlHandler(deps: UploadUrlHandlerDeps) {
  return signedPlatformWebhook(deps, async (payload) => {
    const request = parseOrThrow(recordingUploadRequested, payload, 'recording.upload-requested request');
    const upload = await issueUploadUrl(request, deps);
    logger.info('recording upload URL issued', { contactId: upload.contactId, key: upload.key });
    metrics.addMetric('RecordingUploadUrl_issued', 'Count', 1);
    return jsonResponse(200, upload);
  });
}
