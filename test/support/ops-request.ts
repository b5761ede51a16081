/** An ops API request to the local system as `user` (local mode trusts `x-ops-user`), JSON in and out. */
export async function opsRequest(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
  // biome-ignore lint/suspicious/noExplicitAny: the routes answer with different JSON shapes
): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the routes answer with different JSON shapes
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
