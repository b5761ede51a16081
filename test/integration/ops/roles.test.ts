import { OPS_CAPABILITIES, OPS_CAPABILITY_NAMES, type OpsCapability } from '../../../shared/ops/capabilities';
import { OPS_ROUTES } from '../../../shared/ops/routes';
import type { startSystem } from '../../support/local-system';
import { DAY, nowEpoch, seedContact, startSystemWithoutAudioPipeline } from '../retention/fixtures';

/** Local mode emulates the stack's ops roles with `x-ops-role` (the handler's second check). */
describe('ops roles through the handler in local mode (N7)', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  let contactId: string;
  const asRole = async (role: OpsCapability, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${system.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-ops-user': `${role}-user`, 'x-ops-role': role },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.status;
  };
  beforeAll(async () => {
    system = await startSystemWithoutAudioPipeline();
    contactId = await seedContact({ name: 'roles-1', number: '+358405550020', expiresAt: nowEpoch() + DAY });
  });
  afterAll(async () => system.close());

  const requests: Record<string, [string, () => string, unknown?]> = {
    [OPS_ROUTES.showContact]: ['GET', () => `/ops/contacts/${contactId}?reason=QA%20review`],
    [OPS_ROUTES.search]: [
      'POST',
      () => '/ops/subjects/search',
      { number: '+358405550020', reason: 'dispute DS-9' },
    ],
    [OPS_ROUTES.receipts]: ['GET', () => '/ops/receipts'],
    [OPS_ROUTES.audit]: ['GET', () => '/ops/audit'],
    [OPS_ROUTES.eraseSubject]: [
      'POST',
      () => '/ops/subjects/erase',
      { number: '+358405550021', reason: 'erasure ER-9' },
    ],
  };

  it.each(OPS_CAPABILITY_NAMES)(
    'the %s role is refused 403 outside its routes and let in on its own',
    async (role) => {
      for (const [route, [method, path, body]] of Object.entries(requests)) {
        const status = await asRole(role, method, path(), body);
        const own = (OPS_CAPABILITIES[role] as readonly string[]).includes(route);
        expect({ route, forbidden: status === 403 }).toEqual({ route, forbidden: !own });
      }
    },
  );
});
