import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { type ReadContactDeps, readContact } from '../domain/read-contact';
import { logger, metrics } from '../observability';
import { httpBundle } from './bundle';
import { HttpError, jsonResponse } from './errors';
import { opsCaller } from './ops-identity';
import { OPS_ROUTES, type OpsRouteKey } from './ops-routes';

export type OpsDeps = ReadContactDeps;

type Route = (event: APIGatewayProxyEventV2, deps: OpsDeps) => Promise<APIGatewayProxyResultV2>;

/** Ops routes by API Gateway route key. Every route is IAM-authorised in AWS (infra/constructs/ops.ts). */
const routes: Record<OpsRouteKey, Route> = {
  [OPS_ROUTES.showContact]: async (event, deps) => {
    const id = event.pathParameters?.id ?? '';
    return jsonResponse(200, await readContact(id, deps));
  },
};

/** The ops API: one function, routed on the route key. */
export function createOpsApiHandler(deps: OpsDeps) {
  return httpBundle<APIGatewayProxyEventV2>(async (event) => {
    const route = routes[event.routeKey as OpsRouteKey];
    if (!route) throw new HttpError(404, `no ops route ${event.routeKey}`, 'NotFound');
    logger.appendKeys({ caller: opsCaller(event), route: event.routeKey });
    metrics.addMetric('OpsRequest', 'Count', 1);
    return route(event, deps);
  });
}
