import baseConfig, { typeAwareConfig } from '../../eslint.config.mjs';

export default [...baseConfig, ...typeAwareConfig];
