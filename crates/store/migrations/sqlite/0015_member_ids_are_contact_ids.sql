-- A member's id is their contact's id, as on Wix (site code passes one where the other is
-- expected). Members made before kept a contact with an id of its own: that contact, its
-- timeline and the member's mirror item now name the contact by the member's id.
UPDATE data_items
SET data = json_set(data, '$.contactId', (
    SELECT m.id FROM site_members m
    WHERE m.site_id = data_items.site_id AND m.contact_id = json_extract(data_items.data, '$.contactId')))
WHERE collection_id IN ('Contacts/Activities', 'Members/PrivateMembersData')
  AND EXISTS (
    SELECT 1 FROM site_members m
    WHERE m.site_id = data_items.site_id AND m.contact_id <> m.id
      AND m.contact_id = json_extract(data_items.data, '$.contactId'));

UPDATE data_items
SET item_id = (
    SELECT m.id FROM site_members m
    WHERE m.site_id = data_items.site_id AND m.contact_id = data_items.item_id)
WHERE collection_id = 'Contacts/Contacts'
  AND EXISTS (
    SELECT 1 FROM site_members m
    WHERE m.site_id = data_items.site_id AND m.contact_id <> m.id
      AND m.contact_id = data_items.item_id);

UPDATE site_members SET contact_id = id WHERE contact_id IS NOT NULL AND contact_id <> id;
