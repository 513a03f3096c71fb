import type { Config } from 'jest';

// Two projects: `unit` (pure, no network beyond loopback test servers) and
// `integration` (real Apache Cassandra booted by spec/support/cassandra).
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
} as const;

const config: Config = {
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/spec/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.it\\.spec\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/spec/**/*.it.spec.ts'],
      globalSetup: '<rootDir>/spec/support/cassandra-global-setup.ts',
      globalTeardown: '<rootDir>/spec/support/cassandra-global-teardown.ts',
    },
  ],
};

export default config;
