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

export default { contacts };
