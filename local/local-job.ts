import type { Emulators } from './emulators';

/**
 * Background work that AWS does with schedules, queues and bucket notifications, run in-process
 * locally (local/jobs.ts lists them). Each job gets the running emulators and returns a function
 * that stops it.
 */
export interface LocalJob {
  name: string;
  start(emulators: Emulators): Promise<() => void | Promise<void>>;
}
