/**
 * The ops API's route keys, in one place for the function's router, the CDK routes (each
 * IAM-authorised) and the local server.
 */
export const OPS_ROUTES = {
  showContact: 'GET /ops/contacts/{id}',
} as const;

export type OpsRouteKey = (typeof OPS_ROUTES)[keyof typeof OPS_ROUTES];

export function splitRouteKey(key: string): { method: string; path: string } {
  const [method = '', path = ''] = key.split(' ');
  return { method, path };
}
