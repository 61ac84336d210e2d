export { getAadToken } from '../src/auth/azure.js';
export { exchangeForFederatedToken } from '../src/auth/gcp.js';
export { getGithubIdToken } from '../src/auth/oidc.js';
export { validateAuthInputs } from '../src/auth/inputs.js';
