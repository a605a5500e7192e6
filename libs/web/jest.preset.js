const { join } = require('node:path');
const rootPreset = require('../../jest.preset.js');

/**
 * The unit tests of every web project (apps/web and libs/web/**): Angular components compiled by
 * jest-preset-angular from the project's tsconfig.spec.json, in a zoneless TestBed (test-setup.ts).
 * A project's jest.config.cts names itself, its coverage directory and this preset.
 */
module.exports = {
  ...rootPreset,
  setupFilesAfterEnv: [join(__dirname, 'test-setup.ts')],
  transform: {
    '^.+\\.(ts|mjs|js|html)$': [
      'jest-preset-angular',
      { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
    ],
    ...rootPreset.transform,
  },
  transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$)'],
  snapshotSerializers: [
    'jest-preset-angular/build/serializers/no-ng-attributes',
    'jest-preset-angular/build/serializers/ng-snapshot',
    'jest-preset-angular/build/serializers/html-comment',
  ],
};
