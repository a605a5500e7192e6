import baseConfig, { providerHttpOnlyConfig, typeAwareConfig } from '../../../../eslint.config.mjs';

export default [...baseConfig, ...providerHttpOnlyConfig, ...typeAwareConfig];
