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
  /** On call: list and redrive the dead-letter queues (counts and re-runs only, no personal data shown). */
  operator: [OPS_ROUTES.deadLetters, OPS_ROUTES.redrive],
} as const satisfies Record<string, readonly OpsRouteKey[]>;

export type OpsCapability = keyof typeof OPS_CAPABILITIES;
export const OPS_CAPABILITY_NAMES = Object.keys(OPS_CAPABILITIES) as OpsCapability[];

/**
 * `qaReviewer=<role name>,complianceOfficer=<role name>,…` (OPS_ROLE_CAPABILITIES, set by the
 * stack) → role name → capability. Unknown capabilities are ignored.
 */
export function parseRoleCapabilities(text: string | undefined): Record<string, OpsCapability> {
  const map: Record<string, OpsCapability> = {};
  for (const pair of (text ?? '').split(',')) {
    const [capability = '', role = ''] = pair.split('=').map((part) => part.trim());
    if (role && (OPS_CAPABILITY_NAMES as string[]).includes(capability))
      map[role] = capability as OpsCapability;
  }
  return map;
}

/** The role name of an assumed-role ARN (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`). */
export function assumedRoleName(arn: string): string | undefined {
  return /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(arn)?.[1];
}

/** The capability a route belongs to. */
export function capabilityOf(route: OpsRouteKey): OpsCapability {
  const found = OPS_CAPABILITY_NAMES.find((c) => (OPS_CAPABILITIES[c] as readonly string[]).includes(route));
  if (!found) throw new Error(`route ${route} belongs to no capability`);
  return found;
}
