import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportView } from '../shared/subjects/export';
import { type ApiOptions, callApi } from './api-client';

/** Poll quickly at first, then back off (every status read is an audited access). */
export function pollDelayMs(elapsedMs: number): number {
  if (elapsedMs < 10_000) return 1000;
  if (elapsedMs < 60_000) return 2000;
  return 5000;
}

/** Give up waiting after the export function's own limit plus the queue's slack. */
export const FOLLOW_LIMIT_MS = 20 * 60_000;

/**
 * Follow an export job until it is done or failed, reporting each status read. Resolves with
 * the finished job (its link valid 10 minutes); rejects with the job's own message if it failed.
 */
export async function followExport(
  options: ApiOptions,
  exportId: string,
  reason: string | undefined,
  onStatus: (view: ExportView) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<ExportView> {
  const started = Date.now();
  for (;;) {
    const view = await callApi<ExportView>(options, 'GET', `ops/exports/${exportId}`, undefined, { reason });
    onStatus(view);
    if (view.status === 'done') return view;
    if (view.status === 'failed')
      throw new Error(`export ${exportId} failed: ${view.error ?? 'no reason given'}`);
    const elapsed = Date.now() - started;
    if (elapsed > FOLLOW_LIMIT_MS) {
      throw new Error(
        `export ${exportId} is still ${view.status}; check later with \`subject export-status ${exportId}\``,
      );
    }
    await sleep(pollDelayMs(elapsed));
  }
}

/** Download a finished bundle to `file` (mode 600), streamed to disk, reporting bytes received. */
export async function downloadBundle(
  url: string,
  file: string,
  onBytes: (received: number, total: number) => void,
): Promise<number> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`download failed: ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  let received = 0;
  await pipeline(
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        onBytes(received, total);
        done(null, chunk);
      },
    }),
    createWriteStream(file, { mode: 0o600 }),
  );
  return received;
}
