// wix-users-backend (Velo's older members API): currentUser, users.getUser and role
// changes, as a thin layer over the same host operations as wix-members-backend.
import { call, invocation, onInvocation } from 'tessera:host';

// Who runs the code, asked once at the start of each invocation, because Velo's
// currentUser.id, .loggedIn and .role are plain properties that code reads synchronously.
let identity = null;
let known = -1;
onInvocation(async () => {
  identity = await call('members', { action: 'whoami' });
  known = invocation();
});

function who() {
  if (known !== invocation()) {
    throw new Error("wix-users-backend: import it with a static import (not import()) to read currentUser");
  }
  return identity;
}

export const currentUser = Object.freeze({
  /** The member's (or the site admin's) id; a random id for visitors; null in jobs and events. */
  get id() { return who().id; },
  get loggedIn() { return who().role !== 'Visitor'; },
  /** 'Admin', 'Member' or 'Visitor'. */
  get role() { return who().role; },
  /** The login email of the member, or the admin's account email. */
  getEmail: async () => call('members', { action: 'email' }),
  /** [{name, description}]: the member's roles; the admin's is 'Admin'. */
  getRoles: async () => {
    if (who().role === 'Admin') return [{ name: 'Admin', description: 'The site\'s admin' }];
    const roles = await call('members', { action: 'roles' });
    return roles.map((r) => ({ name: r.title, description: r.description }));
  },
});

function text(fn, what, value) {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${fn}: ${what} must be a non-empty string`);
  return value;
}

const STATUS = { APPROVED: 'Active', PENDING: 'Pending', BLOCKED: 'Blocked' };

export const users = {
  /** Resolves to Velo's user: {_id, loginEmail, status, firstName, lastName, nickname, …}. */
  getUser: async (id) => {
    const m = await call('members', { action: 'getMember', id: text('getUser', 'the id', id) });
    return {
      _id: m._id,
      loginEmail: m.loginEmail,
      status: STATUS[m.status] ?? m.status,
      firstName: m.contactDetails.firstName ?? undefined,
      lastName: m.contactDetails.lastName ?? undefined,
      nickname: m.profile.nickname,
      slug: m.profile.slug,
      picture: m.profile.photo?.url,
      emailVerified: m.loginEmailVerified,
      creationDate: new Date(m._createdDate),
      lastUpdateDate: new Date(m._updatedDate),
      lastLoginDate: m.lastLoginDate ? new Date(m.lastLoginDate) : undefined,
    };
  },
};

function role(fn, roleId, memberId) {
  return call('members', { action: fn, roleId: text(fn, 'roleId', roleId), memberId: text(fn, 'memberId', memberId) });
}

export const roles = {
  assignRole: async (roleId, memberId) => { await role('assignRole', roleId, memberId); },
  removeRole: async (roleId, memberId) => { await role('removeRole', roleId, memberId); },
};

export default { currentUser, users, roles };
