// wix-secrets-backend: secrets set through the dashboard API (or wix-secrets-backend.v2),
// read by code.
import { call } from 'tessera:host';

export async function getSecret(name) {
  if (typeof name !== 'string' || name === '') throw new TypeError('getSecret: the name must be a non-empty string');
  return call('secret', { name });
}

export default { getSecret };
