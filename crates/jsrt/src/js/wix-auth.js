// wix-auth (and @wix/essentials' `auth`): elevate() runs a function with the site admin's
// rights, as Wix does for backend code that must act beyond its caller's permissions.
import { elevated } from 'tessera:host';

/** A function that calls `fn` (with the same `this` and arguments) elevated: data calls it
 *  makes ignore collection permissions, as with `suppressAuth`. */
export function elevate(fn) {
  if (typeof fn !== 'function') throw new TypeError('elevate: the argument must be a function');
  return function (...args) {
    return elevated(() => fn.apply(this, args));
  };
}

export const auth = { elevate };

export default { elevate };
