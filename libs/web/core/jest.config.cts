module.exports = {
  displayName: 'web-core',
  preset: '../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/web/core',
};
