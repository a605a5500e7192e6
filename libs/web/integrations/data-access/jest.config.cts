module.exports = {
  displayName: 'web-integrations-data-access',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../../../coverage/libs/web/integrations/data-access',
};
