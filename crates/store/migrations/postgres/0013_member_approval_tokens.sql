-- Approval tokens: register() from code answers a pending member with one, which
-- approveByToken() spends (wix-members-backend).
ALTER TABLE site_member_tokens DROP CONSTRAINT site_member_tokens_kind_check;
ALTER TABLE site_member_tokens ADD CONSTRAINT site_member_tokens_kind_check
    CHECK (kind IN ('verify', 'reset', 'approve'));
