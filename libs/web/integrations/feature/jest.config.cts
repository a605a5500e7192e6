module.exports = {
  displayName: 'web-integrations-feature',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../../../coverage/libs/web/integrations/feature',
};
