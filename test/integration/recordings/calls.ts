import { contactIdFor } from '../../../shared/kernel/contact-id';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { getItem } from '../../support/local-system';
import { postSigned } from '../../support/webhooks';

let n = 0;

/** A fresh call (times relative to now), with the events a platform sends about it. */
export function newCall({ endedMinutesAgo = 1, answered = true } = {}) {
  const callId = `REC-${Date.now()}-${++n}`;
  const ref = { provider: 'acme-cc', callId };
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const startedAt = at(endedMinutesAgo + 10);
  const answeredAt = at(endedMinutesAgo + 9);
  const endedAt = at(endedMinutesAgo);
  return {
    ref,
    contactId: contactIdFor('call', 'acme-cc', callId),
    startedAt,
    answeredAt: answered ? answeredAt : undefined,
    endedAt,
    started: {
      type: 'call.started',
      data: { ...ref, direction: 'inbound', from: '040 123 4567', to: '+358 9 6829 8003', startedAt },
    },
    answered: { type: 'call.answered', data: { ...ref, answeredAt } },
    ended: { type: 'call.ended', data: { ...ref, endedAt } },
  };
}

export type TestCall = ReturnType<typeof newCall>;

/** Send call.started (+ call.answered when answered) (+ call.ended unless `ended: false`). */
export async function sendCall(base: string, call: TestCall, { ended = true } = {}) {
  const url = `${base}/webhooks/acme-cc/calls`;
  for (const event of [
    call.started,
    ...(call.answeredAt ? [call.answered] : []),
    ...(ended ? [call.ended] : []),
  ]) {
    const res = await postSigned(url, event);
    if (res.status !== 200)
      throw new Error(`${event.type} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

export const meta = (contactId: string) => getItem(contactPk(contactId), META);

/** Poll the contact's META item until `ready` holds (or fail after `ms`). */
export async function waitForMeta(
  contactId: string,
  ready: (item: Record<string, unknown>) => boolean,
  ms = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const item = await meta(contactId);
    if (item && ready(item)) return item;
    if (Date.now() > deadline)
      throw new Error(`META of ${contactId} did not get there in ${ms} ms: ${JSON.stringify(item)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
