import baseConfig, { providerLibConfig } from '../../../../eslint.config.mjs';

// Provider modules are DB-free (see providerLibConfig).
export default [...baseConfig, ...providerLibConfig];
