// `npm run test:integration`: real registries, proxies and tools against the bundle built from
// the current src/ (globalSetup builds dist/ first, so a stale bundle can neither pass nor fail).
import { base } from './jest.config.js'

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts', '<rootDir>/__tests__/fixtures/self-test/**/*.test.ts'],
  globalSetup: '<rootDir>/__tests__/fixtures/build-dist.js',
  // Each suite starts real registries; two workers fit the two cores of a CI machine.
  maxWorkers: 2,
  testTimeout: 60000
}
