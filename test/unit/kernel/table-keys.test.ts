import { MAX_SEQUENCE } from '../../../shared/chats/contract';
import {
  CONTACTS_TABLE_LAYOUT,
  contactIdOfPk,
  contactPk,
  expiryDayOfPk,
  expiryIndex,
  expiryPk,
  INDEX_ATTRIBUTES,
  messageSk,
  subjectIndex,
  withoutIndexAttributes,
} from '../../../shared/kernel/table-keys';

describe('table keys', () => {
  it('pads message sort keys to the widest sequence number the contract accepts, so they sort in order', () => {
    expect(messageSk(42)).toBe('MSG#000042');
    expect(messageSk(MAX_SEQUENCE)).toHaveLength('MSG#'.length + String(MAX_SEQUENCE).length);
    expect([messageSk(10), messageSk(9), messageSk(MAX_SEQUENCE)].sort()).toEqual([
      messageSk(9),
      messageSk(10),
      messageSk(MAX_SEQUENCE),
    ]);
  });

  it('reads the contact id and the expiry day back from their partition keys, and nothing else', () => {
    expect(contactIdOfPk(contactPk('call-1'))).toBe('call-1');
    expect(contactIdOfPk('SUBJECT#x')).toBeUndefined();
    expect(contactIdOfPk(undefined)).toBeUndefined();
    expect(expiryDayOfPk(expiryPk('2026-01-31'))).toBe('2026-01-31');
    expect(expiryDayOfPk('CONTACT#call-1')).toBeUndefined();
  });

  it('names the index attributes of the table layout, and strips exactly those', () => {
    expect(INDEX_ATTRIBUTES).toEqual(
      CONTACTS_TABLE_LAYOUT.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    );
    const item = {
      pk: contactPk('call-1'),
      sk: 'META',
      ...subjectIndex('x', '2026-01-01T00:00:00Z'),
      ...expiryIndex('2027-01-01', 1),
      kind: 'call',
    };
    expect(item).toMatchObject({ gsi1pk: 'SUBJECT#x', gsi2pk: 'EXP#2027-01-01', gsi2sk: 1 });
    expect(withoutIndexAttributes(item)).toEqual({ pk: contactPk('call-1'), sk: 'META', kind: 'call' });
  });
});
