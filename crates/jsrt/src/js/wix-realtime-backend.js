// wix-realtime-backend: publishes messages to the site's visitors subscribed to a channel
// (at /_realtime/subscribe on the site's address), and the permissions router that
// backend/realtime-permissions.js's realtime_check_permission(channel, subscriber) asks who
// may subscribe.
import { call } from 'tessera:host';

function checkChannel(fn, channel) {
  if (!channel || typeof channel !== 'object' || typeof channel.name !== 'string' || channel.name === '') {
    throw new TypeError(`${fn}: the channel must be {name, resourceId?} with a non-empty name`);
  }
  if (channel.resourceId !== undefined && typeof channel.resourceId !== 'string') {
    throw new TypeError(`${fn}: channel.resourceId must be a string`);
  }
}

/**
 * Sends `payload` to the channel's subscribers; options.users limits it to those
 * subscribers (member ids).
 */
export async function publish(channel, payload, options = {}) {
  checkChannel('publish', channel);
  const users = options?.users;
  if (users !== undefined && !(Array.isArray(users) && users.every((u) => typeof u === 'string'))) {
    throw new TypeError('publish: options.users must be an array of user ids');
  }
  await call('realtime', { channel: { name: channel.name, resourceId: channel.resourceId }, payload: payload ?? null, users });
}

// Rules: the most specific wins (the channel with its resource, then the channel, then the
// default); with no rule at all every subscriber may read, as on Wix.
let fallback = null;
const rules = new Map();
const key = (name, resourceId) => JSON.stringify([name, resourceId ?? null]);

export const permissionsRouter = {
  /** fn(channel, subscriber) => {read: boolean} for channels no rule names. */
  default(fn) {
    if (typeof fn !== 'function') throw new TypeError('permissionsRouter.default: give a function');
    fallback = fn;
  },
  /** fn(channel, subscriber) => {read: boolean} for this channel (and its resources). */
  add(channel, fn) {
    checkChannel('permissionsRouter.add', channel);
    if (typeof fn !== 'function') throw new TypeError('permissionsRouter.add: give a function');
    rules.set(key(channel.name, channel.resourceId), fn);
  },
  /** The permissions the matching rule gives `subscriber` on `channel`. */
  async check(channel, subscriber) {
    checkChannel('permissionsRouter.check', channel);
    const rule = rules.get(key(channel.name, channel.resourceId)) ?? rules.get(key(channel.name)) ?? fallback;
    if (!rule) return { read: true };
    const answer = await rule(channel, subscriber);
    return { read: !!answer?.read };
  },
};

export default { publish, permissionsRouter };
