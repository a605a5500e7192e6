module.exports = {
  displayName: 'hub-plugin',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/tools/hub-plugin',
  // generated-provider.spec.ts compiles and runs a freshly generated provider lib and sandbox stub.
  testTimeout: 30_000,
};
