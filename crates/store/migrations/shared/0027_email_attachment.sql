-- A text file sent with an email (a booking's calendar entry), as JSON: name, type, content.
ALTER TABLE site_emails ADD COLUMN attachment TEXT;
