-- A member's id is their contact's id, as on Wix (site code passes one where the other is
-- expected). Members made before kept a contact with an id of its own: that contact, its
-- timeline and the member's mirror item now name the contact by the member's id.
UPDATE data_items d
SET data = jsonb_set(d.data, '{contactId}', to_jsonb(m.id))
FROM site_members m
WHERE d.collection_id IN ('Contacts/Activities', 'Members/PrivateMembersData')
  AND m.site_id = d.site_id AND m.contact_id <> m.id
  AND m.contact_id = d.data ->> 'contactId';

UPDATE data_items d
SET item_id = m.id
FROM site_members m
WHERE d.collection_id = 'Contacts/Contacts'
  AND m.site_id = d.site_id AND m.contact_id <> m.id
  AND m.contact_id = d.item_id;

UPDATE site_members SET contact_id = id WHERE contact_id IS NOT NULL AND contact_id <> id;
