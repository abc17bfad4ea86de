// wix-members-backend (and @wix/members): the member whose request runs the code, and
// sign-up and login from backend code, through the same rules as the site's login pages.
import { call } from 'tessera:host';

export const currentMember = {
  /** The signed-in member, or null for visitors (and for jobs and events). */
  getMember: async () => call('members', { action: 'current' }),
  /** The member's roles: [{_id, title, description}]. */
  getRoles: async () => call('members', { action: 'roles' }),
};

function credentials(fn, email, password) {
  if (typeof email !== 'string' || typeof password !== 'string') {
    throw new TypeError(`${fn}: email and password must be strings`);
  }
}

export const authentication = {
  /** Resolves to {status: 'ACTIVE' | 'PENDING', sessionToken?, member?}. */
  register: async (email, password, options = {}) => {
    credentials('register', email, password);
    const contact = options.contactInfo ?? {};
    return call('members', {
      action: 'register', email, password,
      firstName: contact.firstName, lastName: contact.lastName,
    });
  },
  /** Resolves to a session token (the value of the site's member cookie). */
  login: async (email, password) => {
    credentials('login', email, password);
    return call('members', { action: 'login', email, password });
  },
};

// @wix/members' shape.
export const members = {
  getCurrentMember: async () => ({ member: await currentMember.getMember() }),
};

export default { currentMember, authentication };
