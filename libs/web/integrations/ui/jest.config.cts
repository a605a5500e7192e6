module.exports = {
  displayName: 'web-integrations-ui',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../../../coverage/libs/web/integrations/ui',
};
