import type { Config } from 'jest';

// Three projects: `unit` (pure, no network beyond loopback test servers), `package` (builds dist/
// with `npm run build` and loads it by its name, as users do) and `integration` (real Apache
// Cassandra booted by spec/support/cassandra). `jest` runs all three.
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  // The examples import the package by its name, as users do; in tests that is the source.
  moduleNameMapper: {
    '^cassandra-rx$': '<rootDir>/lib/index.ts',
    '^cassandra-rx/nestjs$': '<rootDir>/lib/integrations/nestjs/index.ts',
    '^cassandra-rx/opentelemetry$': '<rootDir>/lib/integrations/opentelemetry/index.ts',
    '^cassandra-rx/opentelemetry/sdk$': '<rootDir>/lib/integrations/opentelemetry/sdk/index.ts',
    '^cassandra-rx/prometheus$': '<rootDir>/lib/integrations/prometheus/index.ts',
    '^cassandra-rx/mapper$': '<rootDir>/lib/integrations/mapper/index.ts',
    '^cassandra-rx/web$': '<rootDir>/lib/integrations/web/index.ts',
  },
} as const;

const config: Config = {
  testTimeout: 60_000,
  // Integration suites share one Cassandra cluster (and its shape) on 127.0.0.1-3: one worker, as
  // jest already chooses on this 2-core machine, on every machine.
  maxWorkers: 1,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/spec/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.it\\.spec\\.ts$', '<rootDir>/spec/package/'],
    },
    {
      ...common,
      displayName: 'package',
      testMatch: ['<rootDir>/spec/package/**/*.spec.ts'],
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
