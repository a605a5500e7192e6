import baseConfig, { providerLibConfig, providerHttpOnlyConfig, typeAwareConfig } from '../../../../eslint.config.mjs';

// Provider modules are DB-free and call their APIs through ProviderHttp (see the root config).
export default [...baseConfig, ...providerLibConfig, ...providerHttpOnlyConfig, ...typeAwareConfig];
