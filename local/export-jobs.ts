import { EXPORT_QUEUE_SETTINGS } from '../shared/subjects/export-message';
import { LOCAL_NAMES } from './emulators';
import { startEventSourceMapping } from './event-source-mapping';
import type { LocalJob } from './local-job';

/**
 * The export queue's event source mapping (EXPORT_QUEUE_SETTINGS, as in infra/constructs/ops.ts):
 * invokes the same subject-export handler Lambda runs, one message at a time, with the Lambda's
 * 15-minute budget; a message the handler could not settle comes back once (after 5 s locally),
 * then goes to the dead letters.
 */
export const subjectExportJob: LocalJob = {
  name: 'subject-export',
  async start(emulators) {
    const { handler } = await import('../functions/subject-export');
    return startEventSourceMapping({
      functionName: 'subject-export',
      queue: emulators.sqs.queue(LOCAL_NAMES.exportQueue),
      settings: EXPORT_QUEUE_SETTINGS,
      handler,
      retrySeconds: () => 5,
    });
  },
};
