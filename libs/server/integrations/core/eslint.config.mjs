import baseConfig, { providerHttpOnlyConfig } from '../../../../eslint.config.mjs';

export default [...baseConfig, ...providerHttpOnlyConfig];
