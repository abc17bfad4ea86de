// wix-secrets-backend (and @wix/secrets): secrets set through the dashboard API, read by code.
import { call } from 'tessera:host';

export async function getSecret(name) {
  if (typeof name !== 'string' || name === '') throw new TypeError('getSecret: the name must be a non-empty string');
  return call('secret', { name });
}

// @wix/secrets' shape.
export const secrets = {
  getSecretValue: async (name) => ({ value: await getSecret(name) }),
};

export default { getSecret };
