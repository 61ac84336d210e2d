export { resolveRegistryCredentials, prepareRepository, readAuthInputs, validateAuthInputs, classifyRegistry } from '../src/auth/index.js';
