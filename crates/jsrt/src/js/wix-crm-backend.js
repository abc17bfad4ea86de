// wix-crm-backend (and @wix/crm): the site's contacts, as the site's admin.
import { call } from 'tessera:host';

function id(fn, contactId) {
  if (typeof contactId !== 'string' || contactId === '') {
    throw new TypeError(`${fn}: the contact id must be a non-empty string`);
  }
  return contactId;
}

export const contacts = {
  /** contactInfo: {name: {first, last}, emails: [{email}], phones: [{phone}], labelKeys, company}. */
  createContact: async (contactInfo, options = {}) =>
    call('crm', { action: 'create', info: contactInfo ?? {}, allowDuplicates: !!options.allowDuplicates }),
  /** Merges into the contact with the same email, or creates one: {contactId, identityType}. */
  appendOrCreateContact: async (contactInfo) => call('crm', { action: 'appendOrCreate', info: contactInfo ?? {} }),
  getContact: async (contactId) => call('crm', { action: 'get', id: id('getContact', contactId) }),
  updateContact: async (identifiers, contactInfo) =>
    call('crm', { action: 'update', id: id('updateContact', identifiers?.contactId), info: contactInfo ?? {} }),
  deleteContact: async (contactId) => call('crm', { action: 'delete', id: id('deleteContact', contactId) }),
  labelContact: async (contactId, labelKeys) =>
    call('crm', { action: 'label', id: id('labelContact', contactId), labelKeys }),
};

export const notifications = {
  /**
   * Sends `body` to the site's contributors: 'Dashboard' keeps it in the dashboard,
   * 'Mobile' and 'Browser' email it. options: {title, actionTitle, actionTarget: {url} |
   * {navigateTo}, recipients: {role: 'All_Contributors' | 'Owner', contactIds, memberIds}}.
   */
  notify: async (body, channels, options = {}) => {
    await call('crm', { action: 'notify', body, channels, options: options ?? {} });
  },
};

// The legacy contact API: flat contactInfo {firstName, lastName, emails: [string], phones:
// [string], labels, company}, and contacts named by their id.
function fromLegacy(info = {}) {
  const list = (v) => (Array.isArray(v) ? v : []);
  return {
    name: { first: info.firstName, last: info.lastName },
    emails: list(info.emails).map((email) => ({ email })),
    phones: list(info.phones).map((phone) => ({ phone })),
    labelKeys: info.labels,
    company: info.company,
  };
}

function toLegacy(c) {
  const info = c.info ?? {};
  return {
    _id: c._id,
    firstName: info.name?.first ?? undefined,
    lastName: info.name?.last ?? undefined,
    emails: (info.emails ?? []).map((e) => e.email),
    phones: (info.phones ?? []).map((p) => p.phone),
    labels: info.labelKeys ?? [],
    company: info.company,
  };
}

/** Resolves to the new contact's id. */
export async function createContact(contactInfo) {
  const c = await call('crm', { action: 'create', info: fromLegacy(contactInfo), allowDuplicates: false });
  return c._id;
}

export async function getContactById(contactId) {
  return toLegacy(await call('crm', { action: 'get', id: id('getContactById', contactId) }));
}

/** Replaces the given fields; resolves to the contact's id. */
export async function updateContact(contactId, contactInfo) {
  const info = fromLegacy(contactInfo);
  if (!Array.isArray(contactInfo?.labels)) delete info.labelKeys;
  const c = await call('crm', { action: 'update', id: id('updateContact', contactId), info });
  return c._id;
}

export async function deleteContact(contactId) {
  await call('crm', { action: 'delete', id: id('deleteContact', contactId) });
}

export default { contacts, notifications, createContact, getContactById, updateContact, deleteContact };
