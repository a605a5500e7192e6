export { default as providerGenerator, generateProvider } from './generators/provider/generator';
export { ProviderOptionsError, type ProviderOptions } from './generators/provider/options';
