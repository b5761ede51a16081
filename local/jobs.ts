import type { Emulators } from './emulators';

/**
 * Background work that AWS does with schedules, queues and bucket notifications, run in-process
 * locally: timers stand in for EventBridge schedules and SQS delays; s3rver's `event` emitter
 * stands in for S3 ObjectCreated notifications. Each job gets the running emulators and
 * returns a function that stops it.
 */
export interface LocalJob {
  name: string;
  start(emulators: Emulators): Promise<() => void | Promise<void>>;
}

export const jobs: LocalJob[] = [];
