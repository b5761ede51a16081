import {
  type ContactItem,
  helsinkiDay,
  type RetentionStore,
  type SweepReceipt,
  sweepExpired,
} from '../../../shared/domain/retention-sweep';

/**
 * An in-memory index whose first read of the day hides one due contact — what paging while
 * deleting could do if a page boundary slipped — to prove a day is checkpointed only once a
 * fresh read finds nothing due.
 */
function storeWithOneHidden(ids: string[], day: string, nowEpoch: number) {
  const metas = new Map(
    ids.map((id) => [id, { sk: 'META', expiresAt: nowEpoch - 60, expiryDay: day } as ContactItem]),
  );
  let hide = ids[ids.length - 1];
  const saved: string[] = [];
  const receipts: SweepReceipt[] = [];
  const store: RetentionStore = {
    async dueOn(d, _now, limit) {
      if (d !== day) return { contactIds: [] };
      const due = [...metas.keys()].filter((id) => id !== hide);
      hide = undefined; // only the first read of the day misses it
      return { contactIds: due.slice(0, limit) };
    },
    async contactItems(id) {
      const meta = metas.get(id);
      return meta ? [meta] : [];
    },
    async deleteItems(id) {
      metas.delete(id);
      return 1;
    },
    async setItemsExpiry() {},
    async clearedThrough() {
      return undefined;
    },
    async saveClearedThrough(d) {
      saved.push(d);
    },
    async writeReceipt(r) {
      receipts.push(r);
    },
  };
  return { store, metas, saved, receipts };
}

describe('retention sweep day passes', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const nowEpoch = Math.floor(now.getTime() / 1000);
  const yesterday = helsinkiDay(new Date(now.getTime() - 86_400_000));
  const objects = { deleteContactObjects: async () => 0, purgeExports: async () => 0 };

  it('N13: reads a day again when a due contact is still listed after a pass, and deletes it', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `call-${String(i).padStart(32, '0')}`);
    const { store, metas, saved } = storeWithOneHidden(ids, yesterday, nowEpoch);
    const result = await sweepExpired({ store, objects, now: () => now, initialLookbackDays: 2 });
    expect(result.contactsDeleted).toBe(5);
    expect(metas.size).toBe(0);
    expect(saved).toEqual([yesterday]);
  });

  it('leaves a day unchecked (not checkpointed) when contacts keep failing to delete', async () => {
    const ids = [`call-${'1'.repeat(32)}`];
    const { store, saved } = storeWithOneHidden(ids, yesterday, nowEpoch);
    store.deleteItems = async () => {
      throw new Error('throttled');
    };
    const result = await sweepExpired({ store, objects, now: () => now, initialLookbackDays: 2 });
    expect(result.failures).toBeGreaterThan(0);
    expect(saved).not.toContain(yesterday);
  });
});
