// wix-members.v2 (and @wix/members): the SDK's shapes over the same member management as
// wix-members-backend. A member's contact part is `contact` here (`contactDetails` there).
import { call } from 'tessera:host';
import { authentication, authorization, currentMember, members as backend } from 'wix-members-backend';

function object(fn, what, value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${fn}: ${what} must be an object`);
  return value;
}

export const members = {
  /** options.member: {loginEmail, contact: {firstName, lastName, customFields}, profile: {nickname, slug, photo}}.
   *  The new member is approved, with no password until they set one. */
  createMember: async (options = {}) => {
    const member = object('createMember', 'options.member', options.member);
    return call('members', { action: 'createMember', member });
  },
  getMember: (id, options) => backend.getMember(id, options),
  updateMember: async (id, member) => {
    object('updateMember', 'the member', member);
    const { contact, ...rest } = member;
    return backend.updateMember(id, contact === undefined ? rest : { ...rest, contactDetails: contact });
  },
  deleteMember: (id) => backend.deleteMember(id),
  deleteMemberPhones: (id) => backend.deleteMemberPhones(id),
  getCurrentMember: () => backend.getCurrentMember(),
};

export { authentication, authorization, currentMember };
export default { members, authentication, authorization, currentMember };
