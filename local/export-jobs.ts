import { EXPORT_QUEUE_SETTINGS } from '../shared/subjects/export-message';
import { LOCAL_NAMES } from './emulators';
import { queueJob } from './event-source-mapping';

/**
 * The export queue's event source mapping (EXPORT_QUEUE_SETTINGS, as in infra/constructs/ops.ts):
 * invokes the same subject-export handler Lambda runs, one message at a time, with the Lambda's
 * 15-minute budget; a message the handler could not settle comes back once (after 5 s locally),
 * then goes to the dead letters.
 */
export const subjectExportJob = queueJob({
  functionName: 'subject-export',
  queueName: LOCAL_NAMES.exportQueue,
  settings: EXPORT_QUEUE_SETTINGS,
  load: () => import('../functions/subject-export'),
  retrySeconds: () => 5,
});
