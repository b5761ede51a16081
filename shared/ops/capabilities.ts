import { OPS_ROUTES, type OpsRouteKey } from './routes';

/**
 * Who may do what on the ops API (docs/operations.md, "Who may do what"). The stack creates one
 * IAM role per capability, allowed `execute-api:Invoke` on exactly these routes
 * (infra/constructs/ops-roles.ts); every route belongs to exactly one capability.
 */
export const OPS_CAPABILITIES = {
  /** N7: listen to and read contacts for quality review and training. */
  qaReviewer: [OPS_ROUTES.showContact, OPS_ROUTES.playback],
  /** N9, N14, N16: subjects' requests, disputes and the trail that proves them. */
  complianceOfficer: [
    OPS_ROUTES.search,
    OPS_ROUTES.hold,
    OPS_ROUTES.release,
    OPS_ROUTES.holds,
    OPS_ROUTES.exportSubject,
    OPS_ROUTES.exportStatus,
    OPS_ROUTES.receipts,
    OPS_ROUTES.audit,
    OPS_ROUTES.surveyReport,
  ],
  /** N16: erasure — requested by one officer, approved or cancelled by another (four eyes). */
  dataProtectionOfficer: [OPS_ROUTES.eraseSubject, OPS_ROUTES.approveErasure, OPS_ROUTES.cancelErasure],
} as const satisfies Record<string, readonly OpsRouteKey[]>;

export type OpsCapability = keyof typeof OPS_CAPABILITIES;
export const OPS_CAPABILITY_NAMES = Object.keys(OPS_CAPABILITIES) as OpsCapability[];

/** The capability a route belongs to. */
export function capabilityOf(route: OpsRouteKey): OpsCapability {
  const found = OPS_CAPABILITY_NAMES.find((c) => (OPS_CAPABILITIES[c] as readonly string[]).includes(route));
  if (!found) throw new Error(`route ${route} belongs to no capability`);
  return found;
}
