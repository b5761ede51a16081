import { contactIdFor } from '../../../shared/kernel/contact-id';
import type { startSystem } from '../../support/local-system';
import { postSigned } from '../../support/webhooks';

export type System = Awaited<ReturnType<typeof startSystem>>;

let n = 0;
/** A fresh answered inbound call from its own mobile number (so cooldowns do not interfere). */
export function answeredInboundCall(options: { mobile?: string; endedMinutesAgo?: number } = {}) {
  n += 1;
  const callId = `SV-${Date.now()}-${n}`;
  const ref = { provider: 'acme-cc', callId };
  const ended = Date.now() - (options.endedMinutesAgo ?? 1) * 60_000;
  const mobile = options.mobile ?? `+3584010${String(Date.now() % 10_000).padStart(4, '0')}${n % 10}`;
  return {
    contactId: contactIdFor('call', 'acme-cc', callId),
    mobile,
    started: {
      type: 'call.started',
      data: {
        ...ref,
        direction: 'inbound',
        from: mobile,
        to: '+358 9 6829 8003',
        startedAt: new Date(ended - 6 * 60_000).toISOString(),
      },
    },
    answered: {
      type: 'call.answered',
      data: { ...ref, answeredAt: new Date(ended - 5 * 60_000).toISOString() },
    },
    ended: { type: 'call.ended', data: { ...ref, endedAt: new Date(ended).toISOString() } },
  };
}

export async function deliverCall(system: System, call: ReturnType<typeof answeredInboundCall>) {
  const url = `${system.url}/webhooks/acme-cc/calls`;
  for (const event of [call.started, call.answered, call.ended]) {
    const res = await postSigned(url, event);
    if (res.status !== 200) throw new Error(`call event answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

export async function reply(system: System, from: string, text: string) {
  const res = await fetch(`${system.url}/local/sms/replies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ originationNumber: from, messageBody: text }),
  });
  return res.status;
}

/** Poll until `check` holds or the time is up (the local queue runs on a timer). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
