// Jest runs the TypeScript ESM sources through ts-jest (transpile only: `npm run typecheck`
// does the type checking, see package.json). Three projects: `unit` runs anywhere with the
// fixtures in test/; `corpus` reads the real lockfiles in ../shared/corpus; `services` talks to
// real servers (Redis at OSPO_TEST_REDIS_URL; .ci/run starts one). `npm run test:services` passes
// --forceExit: an app started with REDIS_URL closes its own queue and cache when its test stops the
// server (test/app/helpers/server.ts), but Probot's Redis throttling connection (Bottleneck's) has
// no close we can reach from outside, and keeps the process alive.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  transform,
};
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '\\.corpus\\.test\\.ts$', '\\.services\\.test\\.ts$'] },
    { ...common, displayName: 'corpus', testMatch: ['<rootDir>/test/**/*.corpus.test.ts'], testPathIgnorePatterns: ['/node_modules/', '\\.services\\.test\\.ts$'] },
    { ...common, displayName: 'services', testMatch: ['<rootDir>/test/**/*.services.test.ts'] },
  ],
};
