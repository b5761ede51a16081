import {
  assertEuRegion,
  DEFAULT_REGION,
  EU_EEA_REGIONS,
  RegionNotAllowedError,
} from '../../../infra/regions';

const refusal = (region: string) =>
  `region "${region}" is outside the EU/EEA and is refused (privacy notice N12: no transfer outside the EU/EEA). Deploy with -c region=<one of ${EU_EEA_REGIONS.join(', ')}>.`;

describe('assertEuRegion (N12)', () => {
  it('N12: the default region is in the EU/EEA (Stockholm)', () => {
    expect(DEFAULT_REGION).toBe('eu-north-1');
    expect(assertEuRegion(DEFAULT_REGION)).toBe('eu-north-1');
  });

  it('N12: allows exactly the six EU/EEA regions', () => {
    expect([...EU_EEA_REGIONS].sort()).toEqual(
      ['eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-3'].sort(),
    );
  });

  it.each(EU_EEA_REGIONS)('N12: accepts the EU/EEA region %s', (region) => {
    expect(assertEuRegion(region)).toBe(region);
  });

  it.each(['us-east-1', 'eu-west-2', 'eu-central-2', 'ap-northeast-1'])(
    'N12: refuses %s, naming the region and the allowed ones',
    (region) => {
      expect(() => assertEuRegion(region)).toThrow(RegionNotAllowedError);
      expect(() => assertEuRegion(region)).toThrow(refusal(region));
    },
  );
});
