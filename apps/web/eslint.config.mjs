export { default } from '../../libs/web/eslint.base.config.mjs';
