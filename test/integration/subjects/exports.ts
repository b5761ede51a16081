/** Poll `GET /ops/exports/{id}?reason=…` (a link needs a reason) until the job is done or failed (or `timeoutMs` passes). */
export async function waitForExport(
  get: (path: string) => Promise<{ status: number; body: Record<string, unknown> }>,
  exportId: string,
  onStatus: (body: Record<string, unknown>) => void = () => undefined,
  timeoutMs = 20_000,
  reason = 'access request AR-1',
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await get(`/ops/exports/${exportId}?reason=${encodeURIComponent(reason)}`);
    onStatus(response.body);
    const status = response.body.status;
    if (response.status !== 200 || status === 'done' || status === 'failed') return response;
    if (Date.now() > until)
      throw new Error(`export ${exportId} still ${String(status)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
