// wix-web-module (and @wix/web-methods): webMethod and Permissions.
export const Permissions = Object.freeze({
  Anyone: 'Anyone',
  SiteMember: 'SiteMember',
  Admin: 'Admin',
});

const PERMISSION = Symbol.for('tessera.webMethodPermission');

export function webMethod(permission, fn, options) {
  if (!Object.values(Permissions).includes(permission)) {
    throw new TypeError(`webMethod: unknown permission ${String(permission)}`);
  }
  if (typeof fn !== 'function') {
    throw new TypeError('webMethod: the second argument must be a function');
  }
  const method = async function (...args) {
    return fn.apply(this, args);
  };
  Object.defineProperty(method, PERMISSION, { value: permission });
  return method;
}

export default { webMethod, Permissions };
