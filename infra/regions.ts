/**
 * N12: data never leaves the EU/EEA, so the stack may only be deployed to AWS regions located
 * in EU/EEA member states. London (UK) and Zurich (Switzerland) have adequacy decisions but are
 * outside the EU/EEA, so they are refused too.
 */
export const EU_EEA_REGIONS = [
  'eu-north-1', // Stockholm, Sweden
  'eu-west-1', // Dublin, Ireland
  'eu-west-3', // Paris, France
  'eu-central-1', // Frankfurt, Germany
  'eu-south-1', // Milan, Italy
  'eu-south-2', // Aragón, Spain
] as const;

export const DEFAULT_REGION = 'eu-north-1';

export class RegionNotAllowedError extends Error {
  constructor(region: string) {
    super(
      `region "${region}" is outside the EU/EEA and is refused (privacy notice N12: no transfer outside the EU/EEA). ` +
        `Deploy with -c region=<one of ${EU_EEA_REGIONS.join(', ')}>.`,
    );
    this.name = 'RegionNotAllowedError';
  }
}

export type EuRegion = (typeof EU_EEA_REGIONS)[number];

export function isEuRegion(region: unknown): region is EuRegion {
  return (EU_EEA_REGIONS as readonly unknown[]).includes(region);
}

export function assertEuRegion(region: string): string {
  if (!isEuRegion(region)) throw new RegionNotAllowedError(region);
  return region;
}
