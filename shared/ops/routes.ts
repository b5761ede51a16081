/**
 * The ops API's route keys, in one place for the function's router, the CDK routes (each
 * IAM-authorised) and the local server. Phone numbers and nicknames only ever travel in POST
 * bodies, never in paths or query strings (which end up in access logs).
 */
export const OPS_ROUTES = {
  showContact: 'GET /ops/contacts/{id}',
  playback: 'POST /ops/contacts/{id}/playback',
  hold: 'POST /ops/contacts/{id}/hold',
  release: 'POST /ops/contacts/{id}/release',
  holds: 'GET /ops/holds',
  search: 'POST /ops/subjects/search',
  exportSubject: 'POST /ops/subjects/export',
  exportStatus: 'GET /ops/exports/{id}',
  eraseSubject: 'POST /ops/subjects/erase',
  approveErasure: 'POST /ops/erasures/{id}/approve',
  cancelErasure: 'POST /ops/erasures/{id}/cancel',
  receipts: 'GET /ops/receipts',
  audit: 'GET /ops/audit',
  surveyReport: 'GET /ops/surveys/report',
  deadLetters: 'GET /ops/dead-letters',
  redrive: 'POST /ops/dead-letters/{id}/redrive',
} as const;

export type OpsRouteKey = (typeof OPS_ROUTES)[keyof typeof OPS_ROUTES];

export function splitRouteKey(key: string): { method: string; path: string } {
  const [method = '', path = ''] = key.split(' ');
  return { method, path };
}
