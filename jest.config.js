/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript' },
          transform: { useDefineForClassFields: false },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // NodeGui requires ESM-only packages; Jest can only require them once transformed.
  transformIgnorePatterns: ['/node_modules/(?!(@paralleldrive|@noble)/)'],
  collectCoverageFrom: ['src/**/*.ts'],
  coverageDirectory: 'test-output/coverage',
  coverageReporters: ['text-summary', 'lcov'],
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 60000,
};
