// wix-secrets-backend.v2 (and @wix/secrets): the site's backend manages its own secrets,
// the ones the dashboard API sets; values are sealed at rest and never listed.
import { call } from 'tessera:host';

function text(fn, what, value) {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${fn}: ${what} must be a non-empty string`);
  return value;
}

function optional(fn, what, value) {
  if (value !== undefined && typeof value !== 'string') throw new TypeError(`${fn}: ${what} must be a string`);
  return value;
}

export const secrets = {
  /** Resolves to {value}. */
  getSecretValue: async (name) => ({ value: await call('secret', { name: text('getSecretValue', 'the name', name) }) }),
  /** secret: {name, value, description?}; resolves to {_id}. */
  createSecret: async (secret) => {
    if (!secret || typeof secret !== 'object') throw new TypeError('createSecret: the secret must be an object');
    return call('secrets', {
      action: 'create',
      name: text('createSecret', 'secret.name', secret.name),
      value: text('createSecret', 'secret.value', secret.value),
      description: optional('createSecret', 'secret.description', secret.description),
    });
  },
  /** Changes the fields given of secret {name?, value?, description?}. */
  updateSecret: async (id, secret) => {
    if (!secret || typeof secret !== 'object') throw new TypeError('updateSecret: the secret must be an object');
    await call('secrets', {
      action: 'update',
      id: text('updateSecret', 'the id', id),
      name: optional('updateSecret', 'secret.name', secret.name),
      value: optional('updateSecret', 'secret.value', secret.value),
      description: optional('updateSecret', 'secret.description', secret.description),
    });
  },
  /** Resolves to {secrets: [{_id, name, description, _createdDate, _updatedDate}]}. */
  listSecretInfo: async () => call('secrets', { action: 'list' }),
  deleteSecret: async (id) => {
    await call('secrets', { action: 'delete', id: text('deleteSecret', 'the id', id) });
  },
};

export default { secrets };
