// wix-members-backend (and @wix/members): the member whose request runs the code, sign-up
// and login from backend code through the same rules as the site's login pages, and the
// site admin's management of members (the site's own backend code may do what its owner may).
import { call } from 'tessera:host';

function text(fn, what, value) {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${fn}: ${what} must be a non-empty string`);
  return value;
}

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
  /** Resolves to {status: 'ACTIVE' | 'PENDING', sessionToken?, approvalToken?, member?};
   *  a member waiting for the owner's approval comes with an approvalToken. */
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
  /** A session token for the member with this email, whom another service authenticated;
   *  a member is created (with no usable password) when there is none. */
  generateSessionToken: async (email) =>
    call('members', { action: 'sessionToken', email: text('generateSessionToken', 'email', email) }),
  /** Approves the pending member of a register() approvalToken; resolves to a session token. */
  approveByToken: async (token) =>
    call('members', { action: 'approveByToken', token: text('approveByToken', 'token', token) }),
  /** Emails the member a link to choose a password (the site's reset link). */
  sendSetPasswordEmail: async (email) =>
    call('members', { action: 'sendSetPasswordEmail', email: text('sendSetPasswordEmail', 'email', email) }),
  /** Resolves to the member with the new (unverified) login email. */
  changeLoginEmail: async (memberId, email) =>
    call('members', {
      action: 'changeLoginEmail',
      id: text('changeLoginEmail', 'memberId', memberId),
      email: text('changeLoginEmail', 'email', email),
    }),
};

// Velo's PUBLIC fieldset: what any visitor may see of a member.
const PUBLIC = ['_id', 'profile', 'privacyStatus', 'activityStatus', '_createdDate', '_updatedDate'];

export const members = {
  /** options.fieldsets: ['FULL'] (the default) or ['PUBLIC']. */
  getMember: async (id, options = {}) => {
    const fieldsets = options.fieldsets ?? ['FULL'];
    if (!Array.isArray(fieldsets) || fieldsets.some((f) => f !== 'FULL' && f !== 'PUBLIC')) {
      throw new TypeError("getMember: options.fieldsets must be an array of 'FULL' or 'PUBLIC'");
    }
    const member = await call('members', { action: 'getMember', id: text('getMember', 'the id', id) });
    if (fieldsets.includes('FULL')) return member;
    return Object.fromEntries(PUBLIC.filter((k) => k in member).map((k) => [k, member[k]]));
  },
  /** member: {contactDetails: {firstName, lastName, customFields}, profile: {nickname, slug, photo}}. */
  updateMember: async (id, member) => {
    if (!member || typeof member !== 'object') throw new TypeError('updateMember: the member must be an object');
    return call('members', { action: 'updateMember', id: text('updateMember', 'the id', id), member });
  },
  /** Deletes the member with their personal data (contact, items they own). */
  deleteMember: async (id) => {
    await call('members', { action: 'deleteMember', id: text('deleteMember', 'the id', id) });
  },
  /** Removes the phone of the member's contact; resolves to the member. */
  deleteMemberPhones: async (id) =>
    call('members', { action: 'deleteMemberPhones', id: text('deleteMemberPhones', 'the id', id) }),
  // @wix/members' shape.
  getCurrentMember: async () => ({ member: await currentMember.getMember() }),
};

function role(fn, action, roleId, memberId) {
  return call('members', {
    action,
    roleId: text(fn, 'roleId', roleId),
    memberId: text(fn, 'memberId', memberId),
  });
}

export const authorization = {
  assignRole: async (roleId, memberId) => { await role('assignRole', 'assignRole', roleId, memberId); },
  removeRole: async (roleId, memberId) => { await role('removeRole', 'removeRole', roleId, memberId); },
};

export default { currentMember, authentication, members, authorization };
