module.exports = {
  displayName: 'web-shared-api-types',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../../../coverage/libs/web/shared/api-types',
};
