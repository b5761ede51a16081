#!/usr/bin/env -S npx tsx
import { randomInt, randomUUID } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SignatureV4 } from '@smithy/signature-v4';
import { Command } from 'commander';
import { localBaseUrl, localWebhookSecret } from '../local/defaults';
import { ApiError, type ApiOptions, awsCredentials, callApi } from './api-client';
import { signedWebhookHeaders } from './webhook-headers';

/**
 * `npm run smoke -- --stack <name> [--region eu-north-1]` after a deploy, or `npm run smoke -- --local`
 * against `npm start`: sends a signed test call, reads it back through the ops API (SigV4), checks
 * that it expires, erases it, and checks the audit trail — leaving an audited trace (the audit
 * entries and the erase receipt) and no contact.
 *
 * The test call is outbound (never surveyed, N10) and its number is in the North American range
 * 555-0100..0199, reserved for fictional use and never allocated to anyone (+1 202 555 01xx): the
 * erase by number can only touch test data.
 */
export interface SmokeTarget {
  api: string;
  region: string;
  webhookSecret: string;
  /** The platform the test call comes from (ADR 0007): its route and its provider. */
  platform: string;
  user?: string;
  /**
   * A second officer who approves the erasure (four eyes, issue 13): local mode names one; in AWS
   * the erasure stays pending and the run prints the command a data protection officer approves it with.
   */
  approver?: string;
}

export interface SmokeResult {
  contactId: string;
  expiresAt: string;
  /** Erased contact ids; empty while the erasure waits for a second officer. */
  erased: string[];
  /** Set when the erasure waits for approval (no approver given). */
  pendingErasure?: string;
  auditActions: string[];
}

const REASON = 'post-deploy smoke test';

export async function runSmoke(
  target: SmokeTarget,
  log: (line: string) => void = console.log,
): Promise<SmokeResult> {
  const api: ApiOptions = { api: target.api, region: target.region, user: target.user ?? 'smoke-test' };
  const base = target.api.replace(/\/$/, '');
  const callId = `smoke-${randomUUID()}`;
  const number = `+120255501${String(randomInt(0, 100)).padStart(2, '0')}`;
  const started = new Date(Date.now() - 3 * 60_000);
  const common = { provider: target.platform, callId };
  const webhookUrl = `${base}/webhooks/${target.platform}/calls`;

  const send = async (payload: object) => {
    const body = JSON.stringify(payload);
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: signedWebhookHeaders(target.webhookSecret, body),
      body,
    });
    const result = (await response.json()) as { contactId?: string; error?: { message?: string } };
    if (!response.ok) {
      throw new Error(
        `${(payload as { type: string }).type}: ${response.status} ${result.error?.message ?? ''}`,
      );
    }
    return result;
  };

  log(`1/5 signed test call -> ${webhookUrl}`);
  await send({
    type: 'call.started',
    data: {
      ...common,
      direction: 'outbound',
      from: '+358968298003',
      to: number,
      startedAt: started.toISOString(),
    },
  });
  await send({
    type: 'call.answered',
    data: { ...common, answeredAt: new Date(started.getTime() + 10_000).toISOString() },
  });
  const ended = await send({
    type: 'call.ended',
    data: { ...common, endedAt: new Date(started.getTime() + 60_000).toISOString() },
  });
  const contactId = ended.contactId;
  if (!contactId) throw new Error('the webhook did not answer with a contact id');

  log(`2/5 read it back through the ops API: ${contactId}`);
  const view = await callApi<{ contactId: string; expiresAt?: string }>(
    api,
    'GET',
    `ops/contacts/${contactId}`,
    undefined,
    { reason: REASON },
  );
  if (view.contactId !== contactId) throw new Error(`ops API returned ${view.contactId}, not ${contactId}`);

  log('3/5 check that it expires (N13)');
  const expiresAt = view.expiresAt ?? '';
  const expires = Date.parse(expiresAt);
  if (!Number.isFinite(expires) || expires <= Date.now() || expires > Date.now() + 10 * 366 * 86_400_000) {
    throw new Error(`the test call has no plausible expiry: "${expiresAt}"`);
  }

  log('4/5 erase it (N16) and check it is gone');
  const requested = await callApi<{ erased: string[] } | { erasureId: string; status: string }>(
    api,
    'POST',
    'ops/subjects/erase',
    { number, reason: REASON },
  );
  let erase: { erased: string[] };
  if ('erased' in requested) erase = requested;
  else if (target.approver) {
    // Four eyes: a different officer approves the request.
    erase = await callApi<{ erased: string[] }>(
      { ...api, user: target.approver },
      'POST',
      `ops/erasures/${requested.erasureId}/approve`,
      {},
    );
  } else {
    log(
      `erasure ${requested.erasureId} waits for a second officer: \`npm run cli -- subject erase-approve ${requested.erasureId}\``,
    );
    return { contactId, expiresAt, erased: [], pendingErasure: requested.erasureId, auditActions: [] };
  }
  if (!erase.erased.includes(contactId)) throw new Error(`the erase did not list ${contactId}`);
  try {
    await callApi(api, 'GET', `ops/contacts/${contactId}`, undefined, { reason: REASON });
    throw new Error(`${contactId} is still served after the erase`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }

  log('5/5 check the audit trail (N7)');
  const { entries } = await callApi<{ entries: { action: string }[] }>(api, 'GET', 'ops/audit', undefined, {
    contactId,
  });
  const auditActions = entries.map((e) => e.action);
  if (!auditActions.includes('contact.show')) throw new Error('the read-back left no audit entry');
  log(`ok: ${contactId} stored, read back, expiring ${expiresAt}, erased; audit: ${auditActions.join(', ')}`);
  return { contactId, expiresAt, erased: erase.erased, auditActions };
}

/** The stack's outputs (CloudFormation DescribeStacks, SigV4 with the standard credential chain). */
export async function stackOutputs(stack: string, region: string): Promise<Record<string, string>> {
  const url = new URL(`https://cloudformation.${region}.amazonaws.com/`);
  const body = new URLSearchParams({
    Action: 'DescribeStacks',
    StackName: stack,
    Version: '2010-05-15',
  }).toString();
  const signer = new SignatureV4({
    service: 'cloudformation',
    region,
    sha256: Sha256,
    credentials: awsCredentials(),
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    path: '/',
    headers: { host: url.hostname, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body,
  });
  const xml = await response.text();
  if (!response.ok)
    throw new Error(`DescribeStacks ${stack} in ${region}: ${response.status} ${xml.slice(0, 300)}`);
  const outputs: Record<string, string> = {};
  // Each output is a <member> with OutputKey and OutputValue (the stack's own <member> opens first).
  for (const match of xml.matchAll(/<member>([\s\S]*?)<\/member>/g)) {
    const key = /<OutputKey>([^<]*)<\/OutputKey>/.exec(match[1] ?? '')?.[1];
    const value = /<OutputValue>([^<]*)<\/OutputValue>/.exec(match[1] ?? '')?.[1];
    if (key && value !== undefined) outputs[key] = value;
  }
  return outputs;
}

async function awsTarget(
  stack: string,
  region: string,
  platform: string,
  secretId: string,
): Promise<SmokeTarget> {
  const outputs = await stackOutputs(stack, region);
  const api = outputs.ApiUrl;
  if (!api) throw new Error(`stack ${stack} has no ApiUrl output`);
  const secret = await new SecretsManagerClient({ region }).send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  const current = (JSON.parse(secret.SecretString ?? '{}') as { current?: string }).current;
  if (!current) throw new Error(`the platform secret ${secretId} has no \`current\` value`);
  return { api, region, webhookSecret: current, platform };
}

if (require.main === module) {
  const program = new Command('smoke')
    .description('post-deploy smoke test: signed call -> ops read-back -> expiry -> erase -> audit')
    .option('--stack <name>', 'CloudFormation stack name (reads ApiUrl)', 'ContactRecordings')
    .option('--region <region>', 'AWS region of the stack', process.env.AWS_REGION ?? 'eu-north-1')
    .option('--platform <slug>', 'the standard-webhooks platform the test call comes from', 'demo-cc')
    .option('--secret-id <arn>', "AWS: that platform's signing secret (Secrets Manager ARN or name)")
    .option('--local', 'run against `npm start` instead of AWS')
    .option('--api <url>', 'local mode: base URL', localBaseUrl())
    .option('--user <name>', 'local mode: recorded as the caller', 'smoke-test')
    .option('--approver <name>', 'local mode: the second officer who approves the erasure', 'smoke-approver')
    .action(
      async (opts: {
        stack: string;
        region: string;
        local?: boolean;
        api: string;
        user: string;
        approver: string;
        platform: string;
        secretId?: string;
      }) => {
        if (!opts.local && !opts.secretId)
          throw new Error("--secret-id is required in AWS: the platform's signing secret");
        const target = opts.local
          ? {
              api: opts.api,
              region: opts.region,
              webhookSecret: localWebhookSecret(),
              platform: opts.platform,
              user: opts.user,
              approver: opts.approver,
            }
          : await awsTarget(opts.stack, opts.region, opts.platform, opts.secretId ?? '');
        await runSmoke(target);
      },
    );
  program.parseAsync(process.argv).catch((error: unknown) => {
    console.error(`smoke test FAILED: ${(error as Error).message}`);
    process.exit(1);
  });
}
