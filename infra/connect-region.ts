import { isEuRegion } from './regions';

/**
 * Amazon Connect instances (N12). Connect runs in one EU/EEA region only: Frankfurt
 * (eu-central-1); London (eu-west-2) is outside the EU/EEA and is refused like any other region.
 */
export const CONNECT_EU_REGIONS = ['eu-central-1'] as const;

const INSTANCE_ARN =
  /^arn:aws:connect:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):instance\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const isConnectInstanceArn = (text: string): boolean => INSTANCE_ARN.test(text);

/** The region and account of an instance ARN; throws a RangeError on anything else. */
export function parseConnectInstanceArn(arn: string): {
  region: string;
  account: string;
  instanceId: string;
} {
  const match = INSTANCE_ARN.exec(arn);
  if (!match) throw new RangeError(`not an Amazon Connect instance ARN: ${arn}`);
  const [, region, account, instanceId] = match as unknown as [string, string, string, string];
  return { region, account, instanceId };
}

/**
 * Why this instance may not be wired to a stack in `stackRegion` (one sentence naming the region
 * needed), or undefined when it may: the instance must be in the EU/EEA and in the stack's region.
 */
export function connectInstanceRegionProblem(arn: string, stackRegion: string): string | undefined {
  const { region } = parseConnectInstanceArn(arn);
  const needed = CONNECT_EU_REGIONS.join(' or ');
  if (!isEuRegion(region)) {
    return (
      `connectInstanceArn: the instance is in ${region}, outside the EU/EEA, and is refused (privacy notice N12); ` +
      `Amazon Connect's only EU/EEA region is ${needed} (Frankfurt): use an instance there and deploy with -c region=${needed}.`
    );
  }
  if (region !== stackRegion) {
    return (
      `connectInstanceArn: the instance is in ${region} but the stack is in ${stackRegion}; ` +
      `Connect's data must not leave its region here (N12): deploy with -c region=${region}.`
    );
  }
  return undefined;
}
