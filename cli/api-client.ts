import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';

export interface ApiOptions {
  /** Base URL of the HTTP API (the stack's ApiUrl output, or a local `npm start`). */
  api: string;
  region: string;
  /** Recorded as the caller locally; in AWS the IAM identity is used instead. */
  user?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const isLocal = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

let credentials: ReturnType<typeof fromNodeProviderChain> | undefined;
/**
 * The standard AWS credential chain, made once per process: it caches what it resolved, so a
 * command that calls the API again and again (an export's progress) does not look them up each time.
 */
export function awsCredentials(): ReturnType<typeof fromNodeProviderChain> {
  credentials ??= fromNodeProviderChain();
  return credentials;
}

/**
 * Calls the ops API with a SigV4-signed request (service `execute-api`), using the standard
 * AWS credential chain. Against a local `npm start` it signs with throwaway credentials.
 */
export async function callApi<T>(
  options: ApiOptions,
  method: string,
  path: string,
  body?: unknown,
  query?: Record<string, string | undefined>,
): Promise<T> {
  const url = new URL(path, options.api.endsWith('/') ? options.api : `${options.api}/`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { host: url.host };
  if (payload) headers['content-type'] = 'application/json';
  if (options.user) headers['x-ops-user'] = options.user;

  const signer = new SignatureV4({
    service: 'execute-api',
    region: options.region,
    sha256: Sha256,
    credentials: isLocal(url) ? { accessKeyId: 'local', secretAccessKey: 'local' } : awsCredentials(),
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: payload,
  });

  let response: Response;
  try {
    response = await fetch(url, { method, headers: signed.headers as Record<string, string>, body: payload });
  } catch (error) {
    throw new ApiError(
      0,
      `cannot reach ${url.origin} (${(error as Error).message}); is \`npm start\` running or --api right?`,
    );
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const message = (json as { error?: { message?: string }; message?: string } | undefined)?.error?.message;
    throw new ApiError(
      response.status,
      `${response.status}: ${message ?? (json as { message?: string })?.message ?? text}`,
    );
  }
  return json as T;
}
