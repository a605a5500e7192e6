module.exports = {
  displayName: 'web',
  preset: '../../libs/web/jest.preset.js',
  coverageDirectory: '../../coverage/apps/web',
};
