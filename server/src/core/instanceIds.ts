// The names of the deployment presets (the settings schema validates them); their data is deploy/instances.ts.

export const INSTANCE_IDS = [
  'graviton1', 'graviton2', 'graviton3', 'graviton4', 'graviton5',
  'axion', 'cobalt100', 'ampere-altra', 'ampere-one', 'grace', 'kunpeng920', 'apple-m1',
] as const;
export type InstanceId = (typeof INSTANCE_IDS)[number];
