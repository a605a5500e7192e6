export { default } from '../../eslint.base.config.mjs';
