
CREATE TABLE _sqlx_migrations (
    version bigint NOT NULL,
    description text NOT NULL,
    installed_on timestamp with time zone DEFAULT now() NOT NULL,
    success boolean NOT NULL,
    checksum bytea NOT NULL,
    execution_time bigint NOT NULL
);

CREATE TABLE account_tokens (
    hash text NOT NULL,
    account_id text NOT NULL,
    kind text NOT NULL,
    label text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint,
    CONSTRAINT account_tokens_kind_check CHECK ((kind = ANY (ARRAY['session'::text, 'api_key'::text])))
);

CREATE TABLE accounts (
    id text NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    password_hash text NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE code_logs (
    id bigint NOT NULL,
    site_id text NOT NULL,
    at bigint NOT NULL,
    level text NOT NULL,
    source text NOT NULL,
    request_id text,
    message text NOT NULL
);

ALTER TABLE code_logs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME code_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE code_published (
    site_id text NOT NULL,
    revision bigint NOT NULL,
    published_at bigint NOT NULL
);

CREATE TABLE code_revisions (
    site_id text NOT NULL,
    revision bigint NOT NULL,
    files text NOT NULL,
    size_bytes bigint NOT NULL,
    file_count bigint NOT NULL,
    created_by text NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE data_collections (
    site_id text NOT NULL,
    collection_id text NOT NULL,
    display_name text NOT NULL,
    display_field text,
    fields text NOT NULL,
    permissions text NOT NULL,
    indexes text NOT NULL,
    revision bigint NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

CREATE TABLE data_items (
    site_id text NOT NULL,
    collection_id text NOT NULL,
    item_id text NOT NULL,
    owner text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    data jsonb NOT NULL
);

CREATE TABLE data_jobs (
    site_id text NOT NULL,
    job_id text NOT NULL,
    collection_id text NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    success_count bigint NOT NULL,
    error text,
    created_at bigint NOT NULL,
    finished_at bigint
);

CREATE TABLE data_references (
    site_id text NOT NULL,
    collection_id text NOT NULL,
    field text NOT NULL,
    referring_id text NOT NULL,
    referenced_collection_id text NOT NULL,
    referenced_id text NOT NULL,
    "position" bigint NOT NULL
);

CREATE TABLE job_runs (
    site_id text NOT NULL,
    job text NOT NULL,
    tick bigint NOT NULL,
    started_at bigint NOT NULL,
    duration_ms bigint,
    outcome text NOT NULL,
    error text,
    logs text NOT NULL
);

CREATE TABLE site_api_keys (
    site_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    key_hash text NOT NULL,
    created_by text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT site_api_keys_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'editor'::text, 'viewer'::text])))
);

CREATE TABLE site_collaborators (
    site_id text NOT NULL,
    account_id text NOT NULL,
    role text NOT NULL,
    added_at bigint NOT NULL,
    CONSTRAINT site_collaborators_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'editor'::text, 'viewer'::text])))
);

CREATE TABLE site_domains (
    site_id text NOT NULL,
    domain text NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE site_drafts (
    site_id text NOT NULL,
    revision bigint NOT NULL,
    document text NOT NULL,
    updated_by text NOT NULL,
    updated_at bigint NOT NULL
);

CREATE TABLE site_emails (
    site_id text NOT NULL,
    id text NOT NULL,
    kind text NOT NULL,
    to_address text NOT NULL,
    subject text NOT NULL,
    text_body text NOT NULL,
    html_body text NOT NULL,
    status text NOT NULL,
    attempts bigint NOT NULL,
    next_attempt_at bigint NOT NULL,
    last_error text,
    created_at bigint NOT NULL,
    sent_at bigint,
    CONSTRAINT site_emails_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'sent'::text, 'failed'::text, 'kept'::text])))
);

CREATE TABLE site_invites (
    site_id text NOT NULL,
    id text NOT NULL,
    email text NOT NULL,
    role text NOT NULL,
    token_hash text NOT NULL,
    invited_by text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    CONSTRAINT site_invites_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'editor'::text, 'viewer'::text])))
);

CREATE TABLE site_member_login_failures (
    site_id text NOT NULL,
    email text NOT NULL,
    at bigint NOT NULL
);

CREATE TABLE site_member_roles (
    site_id text NOT NULL,
    id text NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    description text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT site_member_roles_kind_check CHECK ((kind = ANY (ARRAY['role'::text, 'badge'::text])))
);

CREATE TABLE site_member_sessions (
    hash text NOT NULL,
    site_id text NOT NULL,
    member_id text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL
);

CREATE TABLE site_member_settings (
    site_id text NOT NULL,
    settings text NOT NULL
);

CREATE TABLE site_member_tokens (
    hash text NOT NULL,
    site_id text NOT NULL,
    member_id text NOT NULL,
    kind text NOT NULL,
    expires_at bigint NOT NULL,
    CONSTRAINT site_member_tokens_kind_check CHECK ((kind = ANY (ARRAY['verify'::text, 'reset'::text, 'approve'::text])))
);

CREATE TABLE site_members (
    site_id text NOT NULL,
    id text NOT NULL,
    email text NOT NULL,
    password_hash text NOT NULL,
    status text NOT NULL,
    email_verified boolean NOT NULL,
    roles text NOT NULL,
    profile text NOT NULL,
    contact_id text,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    last_login_at bigint,
    CONSTRAINT site_members_status_check CHECK ((status = ANY (ARRAY['PENDING'::text, 'APPROVED'::text, 'BLOCKED'::text])))
);

CREATE TABLE site_published (
    site_id text NOT NULL,
    version bigint NOT NULL,
    published_at bigint NOT NULL
);

CREATE TABLE site_secrets (
    site_id text NOT NULL,
    name text NOT NULL,
    value text NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    id text NOT NULL,
    description text DEFAULT ''::text NOT NULL
);

CREATE TABLE site_versions (
    site_id text NOT NULL,
    version bigint NOT NULL,
    document text NOT NULL,
    draft_revision bigint NOT NULL,
    code_revision bigint,
    created_by text NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE sites (
    site_id text NOT NULL,
    slug text NOT NULL,
    name text NOT NULL,
    created_at bigint NOT NULL
);

INSERT INTO _sqlx_migrations VALUES (1, 'foundation', '2026-12-06 11:05:04.851205+00', true, '\xec175b74159543b22bb53446024cf154305361979412bcdd8f9d1e22331ca4e0eef8db0312299a38a6b21f234142ab15', 15298261);
INSERT INTO _sqlx_migrations VALUES (2, 'cms', '2026-12-06 11:05:04.867183+00', true, '\xc889e0e942d28dcca0a24240394cc5536e5061779fe6b203816d1d3b2e9d0a21b5d719ea71be55211800e38c442756ed', 4454136);
INSERT INTO _sqlx_migrations VALUES (3, 'references', '2026-12-06 11:05:04.871975+00', true, '\x2045658c7945e04d118c37181fc2fbb447f2ff5baf80da08a7ebf6a4df691b48e0931682a13c618ced10a54fb8b9b999', 2865568);
INSERT INTO _sqlx_migrations VALUES (4, 'code', '2026-12-06 11:05:04.875162+00', true, '\x015969615c4ab0f24911e6d0d4121c37ea8dff0483034c7f7b870e86830769714937193058262003e99e89158862f12b', 3800370);
INSERT INTO _sqlx_migrations VALUES (5, 'job runs', '2026-12-06 11:05:04.879305+00', true, '\x9e05ec3ce4923aadb53ca0ae596b374962975eb3c1e713f34c5550b6168d396e5b2f043bcc4c9877aec4fb1c205eceea', 2830897);
INSERT INTO _sqlx_migrations VALUES (6, 'site secrets', '2026-12-06 11:05:04.882469+00', true, '\x425a8cf3f5fc1e97ae4df69ee3743e4daae0433a4cccf0f70ec27d158d6e268e9329564a46fa645523b723092e9e76e1', 2261866);
INSERT INTO _sqlx_migrations VALUES (7, 'code logs', '2026-12-06 11:05:04.88506+00', true, '\xa99c447f7234ec9c0a6fb3b6139476a86636b7435edf77112ebcece9721d0b6ca4f3c2cf7a9a676bafa5f9f45b00e7e3', 2887342);
INSERT INTO _sqlx_migrations VALUES (8, 'data jobs', '2026-12-06 11:05:04.888228+00', true, '\xa5ad3ba64b6683e0ba0cf116e13f6a4955ef000c6322980deb02ce75262047c8088c22c9299e8a1111815deb9b156301', 2376799);
INSERT INTO _sqlx_migrations VALUES (9, 'site documents', '2026-12-06 11:05:04.890871+00', true, '\xbe1253d6b2c316171ec57afbd9f7ca714b8098f3c4b75c06e38c2ca6b20be78d2835c83eb4c1dbb466ab1dbd6a6937f8', 5270193);
INSERT INTO _sqlx_migrations VALUES (10, 'members', '2026-12-06 11:05:04.896422+00', true, '\x608c77c0f307029c35ad23cfea873deb477a2e575ad00466ee73aaa3e1af04df82299e92b8117a85f37506c3aa24fafd', 12436099);
INSERT INTO _sqlx_migrations VALUES (11, 'member login failures', '2026-12-06 11:05:04.909199+00', true, '\x3406f0d3245155d58f7cdee4206ace55f9c8079aac6e3a782b0d87264ff25cf2f407846ab345043f888615acfb77daa7', 3036869);
INSERT INTO _sqlx_migrations VALUES (12, 'secret ids', '2026-12-06 11:05:04.912723+00', true, '\x76b462781ff4d2a1a08be47847f8b92242a3b65f740a3fa47984c8380be48e941f061dc9b8947566a9371692fafcba97', 2392465);
INSERT INTO _sqlx_migrations VALUES (13, 'member approval tokens', '2026-12-06 11:05:04.915476+00', true, '\xd657604c26568f7dcd383509abf5fc8a37e58bbbd3c68a84969f1acf5193f48848d30ba0c2e7bcc07696df48312b61a0', 1220990);

INSERT INTO account_tokens VALUES ('d964b938ef8d829cc014931003da974f94faa6a1824747be0e576453d3833bf6', '01a24b07-6295-7760-b517-9fab6b1db8ef', 'api_key', 'created by tessera init', 1796555104946, NULL);

INSERT INTO accounts VALUES ('01a24b07-6295-7760-b517-9fab6b1db8ef', 'owner@example.com', 'Owner', '$argon2id$v=19$m=19456,t=2,p=1$b8z3djQkbSgXenPXPo0juA$yLaqV66VZoqGyYQ9zCcvUkc5F1ynZYzNNeWzOdOBSJY', 1796555104918);
INSERT INTO accounts VALUES ('01a24b07-632c-7393-b0d8-2b7ed372e923', 'demo@tessera.local', 'Demo Owner', '$argon2id$v=19$m=19456,t=2,p=1$y4Bav3JJNaUnlfLh5ENdYw$PO4ICUmYc032MKJA+5wf+rlfXIDG/+ggyCwrW7Mj6YU', 1796555105068);

INSERT INTO data_collections VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Cakes', 'Cakes', 'name', '[{"key":"name","displayName":"name","type":"TEXT","required":false,"unique":false},{"key":"price","displayName":"price","type":"NUMBER","required":false,"unique":false},{"key":"tags","displayName":"tags","type":"ARRAY_STRING","required":false,"unique":false}]', '{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"}', '[{"name":"by_price","fields":["price"],"unique":false}]', 1, 1796555105109, 1796555105109);
INSERT INTO data_collections VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Posts', 'Posts', 'title', '[{"key":"slug","displayName":"slug","type":"TEXT","required":true,"unique":true},{"key":"title","displayName":"title","type":"TEXT","required":false,"unique":false},{"key":"excerpt","displayName":"excerpt","type":"TEXT","required":false,"unique":false},{"key":"author","displayName":"author","type":"TEXT","required":false,"unique":false},{"key":"publishedDate","displayName":"publishedDate","type":"DATETIME","required":false,"unique":false},{"key":"coverImage","displayName":"coverImage","type":"IMAGE","required":false,"unique":false},{"key":"body","displayName":"body","type":"RICH_TEXT","required":false,"unique":false}]', '{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"}', '[{"name":"by_date","fields":["publishedDate"],"unique":false}]', 1, 1796555105120, 1796555105120);
INSERT INTO data_collections VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Products', 'Products', 'name', '[{"key":"slug","displayName":"","type":"TEXT","required":true,"unique":true},{"key":"name","displayName":"","type":"TEXT","required":false,"unique":false},{"key":"price","displayName":"","type":"NUMBER","required":false,"unique":false},{"key":"description","displayName":"","type":"TEXT","required":false,"unique":false},{"key":"image","displayName":"","type":"IMAGE","required":false,"unique":false}]', '{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"}', '[]', 1, 1796555105297, 1796555105297);
INSERT INTO data_collections VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'Books', NULL, '[{"key":"title","displayName":"title","type":"TEXT","required":false,"unique":false},{"key":"year","displayName":"year","type":"NUMBER","required":false,"unique":false},{"key":"isbn","displayName":"isbn","type":"TEXT","required":false,"unique":false},{"key":"category","displayName":"category","type":"TEXT","required":false,"unique":false}]', '{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"}', '[{"name":"year","fields":["year"],"unique":false},{"name":"shelf","fields":["category","year"],"unique":false},{"name":"isbn","fields":["isbn"],"unique":true}]', 1, 1796555105330, 1796555105330);
INSERT INTO data_collections VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'Notes', NULL, '[{"key":"text","displayName":"text","type":"TEXT","required":false,"unique":false}]', '{"read":"ANYONE","insert":"CMS_EDITOR","update":"CMS_EDITOR","remove":"CMS_EDITOR"}', '[]', 1, 1796555105381, 1796555105381);

INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Cakes', 'cake-1', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105109, 1796555105109, '{"name": "Carrot cake", "tags": ["vegan"], "price": 24}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Cakes', 'cake-2', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105110, 1796555105110, '{"name": "Cheesecake", "tags": [], "price": 32}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Cakes', 'cake-3', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105111, 1796555105111, '{"name": "Lemon tart", "tags": ["vegan", "citrus"], "price": 18}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Posts', 'post-1', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105120, 1796555105120, '{"body": "<p>Time is the ingredient we never skimp on. Here is what a long, cold fermentation does for flavour and crust.</p><h2>How it starts</h2><p>Every morning begins the evening before. We mix, we wait, we fold, and we wait some more. Good bread cannot be hurried, and neither can good pastry.</p><blockquote>“The dough tells you when it is ready. Our job is to listen.”</blockquote><h2>What you taste</h2><p>A deeper flavour, a crisper crust and a crumb that stays fresh for days. Come by and taste the difference — the first batch is out at seven.</p>", "slug": "why-our-sourdough-takes-36-hours", "title": "Why our sourdough takes 36 hours", "author": "Marta, head baker", "excerpt": "Time is the ingredient we never skimp on. Here is what a long, cold fermentation does for flavour and crust.", "coverImage": "/_assets/stock/sourdough-story.svg", "publishedDate": {"$date": "2026-11-20T07:00:00.000Z"}}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Posts', 'post-2', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105121, 1796555105121, '{"body": "<p>81 layers of butter and dough, folded by hand. A morning in the pastry corner.</p><h2>How it starts</h2><p>Every morning begins the evening before. We mix, we wait, we fold, and we wait some more. Good bread cannot be hurried, and neither can good pastry.</p><blockquote>“The dough tells you when it is ready. Our job is to listen.”</blockquote><h2>What you taste</h2><p>A deeper flavour, a crisper crust and a crumb that stays fresh for days. Come by and taste the difference — the first batch is out at seven.</p>", "slug": "the-perfect-croissant", "title": "Layers: the making of a perfect croissant", "author": "Luc, pastry chef", "excerpt": "81 layers of butter and dough, folded by hand. A morning in the pastry corner.", "coverImage": "/_assets/stock/croissant-story.svg", "publishedDate": {"$date": "2026-11-12T07:00:00.000Z"}}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Posts', 'post-3', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105122, 1796555105122, '{"body": "<p>Pumpkin brioche, apple galettes and the return of the chestnut loaf.</p><h2>How it starts</h2><p>Every morning begins the evening before. We mix, we wait, we fold, and we wait some more. Good bread cannot be hurried, and neither can good pastry.</p><blockquote>“The dough tells you when it is ready. Our job is to listen.”</blockquote><h2>What you taste</h2><p>A deeper flavour, a crisper crust and a crumb that stays fresh for days. Come by and taste the difference — the first batch is out at seven.</p>", "slug": "autumn-menu", "title": "Our autumn menu is here", "author": "The bakery team", "excerpt": "Pumpkin brioche, apple galettes and the return of the chestnut loaf.", "coverImage": "/_assets/stock/autumn.svg", "publishedDate": {"$date": "2026-10-30T07:00:00.000Z"}}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Posts', 'post-4', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105123, 1796555105123, '{"body": "<p>How we design celebration cakes with you, from the first sketch to the last candle.</p><h2>How it starts</h2><p>Every morning begins the evening before. We mix, we wait, we fold, and we wait some more. Good bread cannot be hurried, and neither can good pastry.</p><blockquote>“The dough tells you when it is ready. Our job is to listen.”</blockquote><h2>What you taste</h2><p>A deeper flavour, a crisper crust and a crumb that stays fresh for days. Come by and taste the difference — the first batch is out at seven.</p>", "slug": "cake-for-every-occasion", "title": "A cake for every occasion", "author": "Ana, cake designer", "excerpt": "How we design celebration cakes with you, from the first sketch to the last candle.", "coverImage": "/_assets/stock/cake-design.svg", "publishedDate": {"$date": "2026-10-18T07:00:00.000Z"}}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Posts', 'post-5', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105124, 1796555105124, '{"body": "<p>Meet the millers within 80 km who grind the grain for every loaf we bake.</p><h2>How it starts</h2><p>Every morning begins the evening before. We mix, we wait, we fold, and we wait some more. Good bread cannot be hurried, and neither can good pastry.</p><blockquote>“The dough tells you when it is ready. Our job is to listen.”</blockquote><h2>What you taste</h2><p>A deeper flavour, a crisper crust and a crumb that stays fresh for days. Come by and taste the difference — the first batch is out at seven.</p>", "slug": "flour-from-local-mills", "title": "Flour from two local mills", "author": "Marta, head baker", "excerpt": "Meet the millers within 80 km who grind the grain for every loaf we bake.", "coverImage": "/_assets/stock/mill.svg", "publishedDate": {"$date": "2026-10-02T07:00:00.000Z"}}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Posts', 'post-6', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105125, 1796555105125, '{"body": "<p>What happens to the bread left at closing time, and how you can help.</p><h2>How it starts</h2><p>Every morning begins the evening before. We mix, we wait, we fold, and we wait some more. Good bread cannot be hurried, and neither can good pastry.</p><blockquote>“The dough tells you when it is ready. Our job is to listen.”</blockquote><h2>What you taste</h2><p>A deeper flavour, a crisper crust and a crumb that stays fresh for days. Come by and taste the difference — the first batch is out at seven.</p>", "slug": "zero-waste-evenings", "title": "Nothing goes to waste", "author": "The bakery team", "excerpt": "What happens to the bread left at closing time, and how you can help.", "coverImage": "/_assets/stock/food-bank.svg", "publishedDate": {"$date": "2026-09-21T07:00:00.000Z"}}');
INSERT INTO data_items VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'Posts', 'post-7', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105126, 1796555105126, '{"body": "<p>Learn to shape, score and bake your own loaf in a three-hour class.</p><h2>How it starts</h2><p>Every morning begins the evening before. We mix, we wait, we fold, and we wait some more. Good bread cannot be hurried, and neither can good pastry.</p><blockquote>“The dough tells you when it is ready. Our job is to listen.”</blockquote><h2>What you taste</h2><p>A deeper flavour, a crisper crust and a crumb that stays fresh for days. Come by and taste the difference — the first batch is out at seven.</p>", "slug": "baking-classes", "title": "Weekend baking classes", "author": "Luc, pastry chef", "excerpt": "Learn to shape, score and bake your own loaf in a three-hour class.", "coverImage": "/_assets/stock/class.svg", "publishedDate": {"$date": "2026-09-05T07:00:00.000Z"}}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Products', '01a24b07-6416-72d4-a388-ef52d4853d83', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105297, 1796555105297, '{"name": "Canvas tote", "slug": "canvas-tote", "image": "/_assets/stock/canvas-tote.svg", "price": 24, "description": "A sturdy everyday bag."}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b032', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-32", "year": 2004, "title": "Book 32", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Products', '01a24b07-6416-72d4-a388-ef530b4f8c1a', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105298, 1796555105298, '{"name": "Ceramic mug", "slug": "ceramic-mug", "image": "/_assets/stock/ceramic-mug.svg", "price": 18, "description": "Hand-glazed, holds 350 ml."}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Products', '01a24b07-6416-72d4-a388-ef54763c62a2', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105299, 1796555105299, '{"name": "Linen apron", "slug": "linen-apron", "image": "/_assets/stock/linen-apron.svg", "price": 39, "description": "Washed linen with deep pockets."}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Products', '01a24b07-6416-72d4-a388-ef5503af4022', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105300, 1796555105300, '{"name": "Notebook", "slug": "notebook", "image": "/_assets/stock/notebook.svg", "price": 12, "description": "Dot grid, 120 pages."}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b000', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-0", "year": 1900, "title": "Book 0", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b001', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-1", "year": 1937, "title": "Book 1", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b002', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-2", "year": 1974, "title": "Book 2", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b003', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-3", "year": 2011, "title": "Book 3", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b004', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-4", "year": 1928, "title": "Book 4", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b005', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-5", "year": 1965, "title": "Book 5", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b006', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-6", "year": 2002, "title": "Book 6", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b007', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-7", "year": 1919, "title": "Book 7", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b008', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-8", "year": 1956, "title": "Book 8", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b009', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-9", "year": 1993, "title": "Book 9", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b010', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-10", "year": 1910, "title": "Book 10", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b011', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-11", "year": 1947, "title": "Book 11", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b012', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-12", "year": 1984, "title": "Book 12", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b013', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-13", "year": 1901, "title": "Book 13", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b014', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-14", "year": 1938, "title": "Book 14", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b015', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-15", "year": 1975, "title": "Book 15", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b016', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-16", "year": 2012, "title": "Book 16", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b017', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-17", "year": 1929, "title": "Book 17", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b018', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-18", "year": 1966, "title": "Book 18", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b019', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105346, 1796555105346, '{"isbn": "isbn-19", "year": 2003, "title": "Book 19", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b020', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-20", "year": 1920, "title": "Book 20", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b021', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-21", "year": 1957, "title": "Book 21", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b022', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-22", "year": 1994, "title": "Book 22", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b023', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-23", "year": 1911, "title": "Book 23", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b024', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-24", "year": 1948, "title": "Book 24", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b025', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-25", "year": 1985, "title": "Book 25", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b026', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-26", "year": 1902, "title": "Book 26", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b027', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-27", "year": 1939, "title": "Book 27", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b028', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-28", "year": 1976, "title": "Book 28", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b029', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-29", "year": 2013, "title": "Book 29", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b030', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-30", "year": 1930, "title": "Book 30", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b031', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-31", "year": 1967, "title": "Book 31", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b033', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-33", "year": 1921, "title": "Book 33", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b034', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-34", "year": 1958, "title": "Book 34", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b035', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-35", "year": 1995, "title": "Book 35", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b036', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-36", "year": 1912, "title": "Book 36", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b037', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-37", "year": 1949, "title": "Book 37", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b038', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-38", "year": 1986, "title": "Book 38", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b039', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-39", "year": 1903, "title": "Book 39", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b040', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-40", "year": 1940, "title": "Book 40", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b041', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-41", "year": 1977, "title": "Book 41", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b042', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-42", "year": 2014, "title": "Book 42", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b043', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-43", "year": 1931, "title": "Book 43", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b044', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-44", "year": 1968, "title": "Book 44", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b045', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-45", "year": 2005, "title": "Book 45", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b046', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-46", "year": 1922, "title": "Book 46", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b047', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-47", "year": 1959, "title": "Book 47", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b048', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-48", "year": 1996, "title": "Book 48", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b049', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-49", "year": 1913, "title": "Book 49", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b050', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-50", "year": 1950, "title": "Book 50", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b051', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-51", "year": 1987, "title": "Book 51", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b052', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-52", "year": 1904, "title": "Book 52", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b053', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-53", "year": 1941, "title": "Book 53", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b054', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-54", "year": 1978, "title": "Book 54", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b055', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-55", "year": 2015, "title": "Book 55", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b056', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-56", "year": 1932, "title": "Book 56", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b057', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-57", "year": 1969, "title": "Book 57", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b058', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-58", "year": 2006, "title": "Book 58", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b059', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-59", "year": 1923, "title": "Book 59", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b060', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-60", "year": 1960, "title": "Book 60", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b061', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-61", "year": 1997, "title": "Book 61", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b062', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-62", "year": 1914, "title": "Book 62", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b063', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-63", "year": 1951, "title": "Book 63", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b064', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-64", "year": 1988, "title": "Book 64", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b065', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-65", "year": 1905, "title": "Book 65", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b066', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-66", "year": 1942, "title": "Book 66", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b067', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-67", "year": 1979, "title": "Book 67", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b068', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-68", "year": 2016, "title": "Book 68", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b069', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-69", "year": 1933, "title": "Book 69", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b070', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-70", "year": 1970, "title": "Book 70", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b071', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-71", "year": 2007, "title": "Book 71", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b072', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-72", "year": 1924, "title": "Book 72", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b073', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-73", "year": 1961, "title": "Book 73", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b074', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-74", "year": 1998, "title": "Book 74", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b075', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-75", "year": 1915, "title": "Book 75", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b076', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-76", "year": 1952, "title": "Book 76", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b077', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-77", "year": 1989, "title": "Book 77", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b078', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-78", "year": 1906, "title": "Book 78", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b079', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-79", "year": 1943, "title": "Book 79", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b080', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-80", "year": 1980, "title": "Book 80", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b081', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-81", "year": 2017, "title": "Book 81", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b082', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-82", "year": 1934, "title": "Book 82", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b083', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-83", "year": 1971, "title": "Book 83", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b084', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-84", "year": 2008, "title": "Book 84", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b085', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-85", "year": 1925, "title": "Book 85", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b086', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-86", "year": 1962, "title": "Book 86", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b087', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-87", "year": 1999, "title": "Book 87", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b088', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-88", "year": 1916, "title": "Book 88", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b089', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-89", "year": 1953, "title": "Book 89", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b090', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-90", "year": 1990, "title": "Book 90", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b091', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-91", "year": 1907, "title": "Book 91", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b092', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-92", "year": 1944, "title": "Book 92", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b093', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-93", "year": 1981, "title": "Book 93", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b094', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-94", "year": 2018, "title": "Book 94", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b095', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-95", "year": 1935, "title": "Book 95", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b096', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-96", "year": 1972, "title": "Book 96", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b097', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-97", "year": 2009, "title": "Book 97", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b098', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-98", "year": 1926, "title": "Book 98", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b099', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-99", "year": 1963, "title": "Book 99", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b100', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-100", "year": 2000, "title": "Book 100", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b101', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-101", "year": 1917, "title": "Book 101", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b102', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-102", "year": 1954, "title": "Book 102", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b103', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-103", "year": 1991, "title": "Book 103", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b104', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-104", "year": 1908, "title": "Book 104", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b105', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-105", "year": 1945, "title": "Book 105", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b106', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-106", "year": 1982, "title": "Book 106", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b107', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-107", "year": 2019, "title": "Book 107", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b108', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-108", "year": 1936, "title": "Book 108", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b109', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-109", "year": 1973, "title": "Book 109", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b110', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-110", "year": 2010, "title": "Book 110", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b111', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-111", "year": 1927, "title": "Book 111", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b112', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-112", "year": 1964, "title": "Book 112", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b113', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-113", "year": 2001, "title": "Book 113", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b114', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-114", "year": 1918, "title": "Book 114", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b115', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-115", "year": 1955, "title": "Book 115", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b116', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-116", "year": 1992, "title": "Book 116", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b117', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-117", "year": 1909, "title": "Book 117", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b118', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-118", "year": 1946, "title": "Book 118", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b119', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-119", "year": 1983, "title": "Book 119", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b120', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-120", "year": 1900, "title": "Book 120", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b121', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-121", "year": 1937, "title": "Book 121", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b122', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-122", "year": 1974, "title": "Book 122", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b123', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-123", "year": 2011, "title": "Book 123", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b124', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-124", "year": 1928, "title": "Book 124", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b125', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-125", "year": 1965, "title": "Book 125", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b126', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-126", "year": 2002, "title": "Book 126", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b127', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-127", "year": 1919, "title": "Book 127", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b128', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-128", "year": 1956, "title": "Book 128", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b129', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-129", "year": 1993, "title": "Book 129", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b130', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-130", "year": 1910, "title": "Book 130", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b131', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-131", "year": 1947, "title": "Book 131", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b132', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-132", "year": 1984, "title": "Book 132", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b133', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-133", "year": 1901, "title": "Book 133", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b134', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-134", "year": 1938, "title": "Book 134", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b135', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-135", "year": 1975, "title": "Book 135", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b136', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-136", "year": 2012, "title": "Book 136", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b137', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-137", "year": 1929, "title": "Book 137", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b138', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-138", "year": 1966, "title": "Book 138", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b139', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-139", "year": 2003, "title": "Book 139", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b140', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-140", "year": 1920, "title": "Book 140", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b141', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-141", "year": 1957, "title": "Book 141", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b142', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-142", "year": 1994, "title": "Book 142", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b143', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-143", "year": 1911, "title": "Book 143", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b144', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-144", "year": 1948, "title": "Book 144", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b145', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-145", "year": 1985, "title": "Book 145", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b146', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-146", "year": 1902, "title": "Book 146", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b147', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-147", "year": 1939, "title": "Book 147", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b148', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-148", "year": 1976, "title": "Book 148", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b149', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-149", "year": 2013, "title": "Book 149", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b150', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-150", "year": 1930, "title": "Book 150", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b151', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-151", "year": 1967, "title": "Book 151", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b152', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-152", "year": 2004, "title": "Book 152", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b153', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-153", "year": 1921, "title": "Book 153", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b154', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-154", "year": 1958, "title": "Book 154", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b155', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-155", "year": 1995, "title": "Book 155", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b156', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-156", "year": 1912, "title": "Book 156", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b157', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-157", "year": 1949, "title": "Book 157", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b158', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-158", "year": 1986, "title": "Book 158", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b159', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-159", "year": 1903, "title": "Book 159", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b160', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-160", "year": 1940, "title": "Book 160", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b161', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-161", "year": 1977, "title": "Book 161", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b162', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-162", "year": 2014, "title": "Book 162", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b163', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-163", "year": 1931, "title": "Book 163", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b164', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-164", "year": 1968, "title": "Book 164", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b165', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-165", "year": 2005, "title": "Book 165", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b166', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-166", "year": 1922, "title": "Book 166", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b167', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-167", "year": 1959, "title": "Book 167", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b168', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-168", "year": 1996, "title": "Book 168", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b169', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-169", "year": 1913, "title": "Book 169", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b170', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-170", "year": 1950, "title": "Book 170", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b171', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-171", "year": 1987, "title": "Book 171", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b172', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-172", "year": 1904, "title": "Book 172", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b173', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-173", "year": 1941, "title": "Book 173", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b174', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-174", "year": 1978, "title": "Book 174", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b175', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-175", "year": 2015, "title": "Book 175", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b176', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-176", "year": 1932, "title": "Book 176", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b177', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-177", "year": 1969, "title": "Book 177", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b178', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-178", "year": 2006, "title": "Book 178", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b179', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-179", "year": 1923, "title": "Book 179", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b180', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-180", "year": 1960, "title": "Book 180", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b181', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-181", "year": 1997, "title": "Book 181", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b182', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-182", "year": 1914, "title": "Book 182", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b183', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-183", "year": 1951, "title": "Book 183", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b184', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-184", "year": 1988, "title": "Book 184", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b185', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-185", "year": 1905, "title": "Book 185", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b186', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-186", "year": 1942, "title": "Book 186", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b187', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-187", "year": 1979, "title": "Book 187", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b188', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-188", "year": 2016, "title": "Book 188", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b189', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-189", "year": 1933, "title": "Book 189", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b190', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-190", "year": 1970, "title": "Book 190", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b191', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-191", "year": 2007, "title": "Book 191", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b192', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-192", "year": 1924, "title": "Book 192", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b193', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-193", "year": 1961, "title": "Book 193", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b194', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-194", "year": 1998, "title": "Book 194", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b195', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-195", "year": 1915, "title": "Book 195", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b196', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-196", "year": 1952, "title": "Book 196", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b197', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-197", "year": 1989, "title": "Book 197", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b198', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-198", "year": 1906, "title": "Book 198", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b199', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-199", "year": 1943, "title": "Book 199", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b200', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-200", "year": 1980, "title": "Book 200", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b201', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-201", "year": 2017, "title": "Book 201", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b202', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-202", "year": 1934, "title": "Book 202", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b203', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-203", "year": 1971, "title": "Book 203", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b204', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-204", "year": 2008, "title": "Book 204", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b205', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-205", "year": 1925, "title": "Book 205", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b206', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-206", "year": 1962, "title": "Book 206", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b207', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-207", "year": 1999, "title": "Book 207", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b208', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-208", "year": 1916, "title": "Book 208", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b209', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-209", "year": 1953, "title": "Book 209", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b210', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-210", "year": 1990, "title": "Book 210", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b211', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-211", "year": 1907, "title": "Book 211", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b212', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-212", "year": 1944, "title": "Book 212", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b213', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-213", "year": 1981, "title": "Book 213", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b214', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-214", "year": 2018, "title": "Book 214", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b215', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-215", "year": 1935, "title": "Book 215", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b216', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-216", "year": 1972, "title": "Book 216", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b217', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-217", "year": 2009, "title": "Book 217", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b218', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-218", "year": 1926, "title": "Book 218", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b219', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-219", "year": 1963, "title": "Book 219", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b220', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-220", "year": 2000, "title": "Book 220", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b221', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-221", "year": 1917, "title": "Book 221", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b222', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-222", "year": 1954, "title": "Book 222", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b223', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-223", "year": 1991, "title": "Book 223", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b224', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-224", "year": 1908, "title": "Book 224", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b225', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-225", "year": 1945, "title": "Book 225", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b226', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-226", "year": 1982, "title": "Book 226", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b227', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-227", "year": 2019, "title": "Book 227", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b228', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-228", "year": 1936, "title": "Book 228", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b229', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-229", "year": 1973, "title": "Book 229", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b230', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-230", "year": 2010, "title": "Book 230", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b231', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-231", "year": 1927, "title": "Book 231", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b232', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-232", "year": 1964, "title": "Book 232", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b233', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-233", "year": 2001, "title": "Book 233", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b234', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-234", "year": 1918, "title": "Book 234", "category": "c0"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b235', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-235", "year": 1955, "title": "Book 235", "category": "c1"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b236', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-236", "year": 1992, "title": "Book 236", "category": "c2"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b237', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-237", "year": 1909, "title": "Book 237", "category": "c3"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b238', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-238", "year": 1946, "title": "Book 238", "category": "c4"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Books', 'b239', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105347, 1796555105347, '{"isbn": "isbn-239", "year": 1983, "title": "Book 239", "category": "c5"}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n00', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n01', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n02', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n03', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n04', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n05', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n06', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n07', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n08', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n09', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n10', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n11', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n12', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n13', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n14', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n15', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n16', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n17', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n18', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note note note note note note note note "}');
INSERT INTO data_items VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'Notes', 'n19', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105388, 1796555105388, '{"text": "note note note note note note note note note note note note note note note note note note note note "}');

INSERT INTO site_collaborators VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', '01a24b07-632c-7393-b0d8-2b7ed372e923', 'owner', 1796555105102);
INSERT INTO site_collaborators VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', '01a24b07-6295-7760-b517-9fab6b1db8ef', 'owner', 1796555105289);

INSERT INTO site_drafts VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 1, '{
  "schemaVersion": 1,
  "settings": {
    "name": "Demo Bakery",
    "language": "en",
    "description": "A neighbourhood bakery: sourdough, pastries and cakes baked fresh every morning.",
    "favicon": "/_assets/stock/favicon.svg",
    "socialImage": "/_assets/stock/bakery-hero.svg",
    "twitter": "@demobakery",
    "notFoundPage": "not-found",
    "redirects": [{ "from": "/news", "to": "/blog" }],
    "organization": {
      "name": "Demo Bakery",
      "logo": "/_assets/stock/logo.svg",
      "sameAs": ["https://www.instagram.com/", "https://www.facebook.com/"]
    }
  },
  "theme": {
    "colors": {
      "primary": "#b5543a",
      "on-primary": "#ffffff",
      "text": "#2b211c",
      "muted": "#6d5f57",
      "background": "#fffdf9",
      "surface": "#f6eee6",
      "border": "#eadbcf",
      "accent": "#f3c677"
    },
    "fonts": {
      "heading": "Georgia, ''Times New Roman'', serif",
      "body": "system-ui, -apple-system, ''Segoe UI'', Roboto, sans-serif"
    },
    "textStyles": {
      "h1": { "fontFamily": "heading", "fontWeight": "700", "letterSpacing": "-0.01em" },
      "h2": { "fontFamily": "heading", "fontWeight": "700" },
      "h3": { "fontFamily": "heading", "fontWeight": "600" },
      "lead": { "fontSize": "1.25rem", "color": "muted", "lineHeight": "1.7" },
      "eyebrow": { "fontSize": "0.85rem", "fontWeight": "700", "letterSpacing": "0.12em", "textTransform": "uppercase", "color": "primary" }
    }
  },
  "master": {
    "header": [
      { "id": "brand", "type": "link", "props": { "text": "Demo Bakery", "link": { "href": "/" } },
        "style": { "fontFamily": "var(--font-heading)", "fontWeight": "700", "fontSize": "1.5rem", "textDecoration": "none", "color": "var(--color-text)" } },
      { "id": "main-menu", "type": "menu", "props": { "label": "Main" } },
      { "id": "account-link", "type": "link", "props": { "text": "My account", "link": { "href": "/account" } } }
    ],
    "footer": [
      { "id": "footer-note", "type": "text", "props": { "html": "<p><strong>Demo Bakery</strong> · 12 Flour Street · Open daily 7:00–18:00</p>" } },
      { "id": "footer-social", "type": "socialLinks", "props": { "links": [
        { "network": "Instagram", "url": "https://www.instagram.com/" },
        { "network": "Facebook", "url": "https://www.facebook.com/" }
      ] } }
    ]
  },
  "pages": [
    {
      "id": "home", "title": "Home", "path": "/",
      "seo": { "title": "Demo Bakery — fresh from our oven every morning" },
      "datasets": [
        { "id": "latest", "collection": "Posts", "sort": [{ "fieldName": "publishedDate", "order": "DESC" }], "pageSize": 3 }
      ],
      "sections": [
        { "id": "hero", "type": "section", "props": { "label": "Welcome" },
          "style": { "background": "linear-gradient(180deg, var(--color-surface), var(--color-background))" },
          "children": [
            { "id": "hero-columns", "type": "columns", "props": { "widths": [5, 4] }, "style": { "alignItems": "center" }, "children": [
              { "id": "hero-copy", "type": "container", "children": [
                { "id": "hero-eyebrow", "type": "text", "textStyle": "eyebrow", "props": { "html": "<p>Neighbourhood bakery since 1998</p>" } },
                { "id": "hero-title", "type": "heading", "props": { "text": "Fresh from our oven every morning", "level": 1 } },
                { "id": "hero-lead", "type": "text", "textStyle": "lead", "props": { "html": "<p>Slow-fermented sourdough, buttery pastries and celebration cakes, baked by hand a few steps from your door.</p>" } },
                { "id": "hero-actions", "type": "container", "style": { "flexDirection": "row", "flexWrap": "wrap", "gap": "12px" }, "children": [
                  { "id": "hero-blog", "type": "button", "props": { "label": "Read our journal", "link": { "href": "/blog" } } },
                  { "id": "hero-contact", "type": "button", "props": { "label": "Order a cake", "link": { "href": "/contact" }, "variant": "secondary" } }
                ] }
              ] },
              { "id": "hero-image", "type": "image", "props": { "src": "/_assets/stock/bakery-hero.svg", "alt": "Loaves of sourdough cooling on a rack", "width": 1200, "height": 800 } }
            ] }
          ] },
        { "id": "bakes", "type": "section", "children": [
          { "id": "bakes-title", "type": "heading", "props": { "text": "What we bake", "level": 2 }, "style": { "textAlign": "center", "marginBottom": "32px" } },
          { "id": "bakes-columns", "type": "columns", "children": [
            { "id": "bake-bread", "type": "container", "children": [
              { "id": "bake-bread-img", "type": "image", "props": { "src": "/_assets/stock/sourdough.svg", "alt": "A crusty sourdough loaf", "width": 1200, "height": 800 } },
              { "id": "bake-bread-title", "type": "heading", "props": { "text": "Sourdough", "level": 3 } },
              { "id": "bake-bread-text", "type": "text", "props": { "html": "<p>Our starter is older than some of our bakers. Every loaf rises for 36 hours.</p>" } }
            ] },
            { "id": "bake-pastry", "type": "container", "children": [
              { "id": "bake-pastry-img", "type": "image", "props": { "src": "/_assets/stock/croissant.svg", "alt": "Golden croissants on a tray", "width": 1200, "height": 800 } },
              { "id": "bake-pastry-title", "type": "heading", "props": { "text": "Pastries", "level": 3 } },
              { "id": "bake-pastry-text", "type": "text", "props": { "html": "<p>Laminated with French butter, folded by hand, baked before sunrise.</p>" } }
            ] },
            { "id": "bake-cake", "type": "container", "children": [
              { "id": "bake-cake-img", "type": "image", "props": { "src": "/_assets/stock/layer-cake.svg", "alt": "A layered celebration cake", "width": 1200, "height": 800 } },
              { "id": "bake-cake-title", "type": "heading", "props": { "text": "Cakes", "level": 3 } },
              { "id": "bake-cake-text", "type": "text", "props": { "html": "<p>Birthdays, weddings, Tuesdays: tell us the occasion and we will bake for it.</p>" } }
            ] }
          ] }
        ] },
        { "id": "journal", "type": "section", "style": { "background": "var(--color-surface)" }, "children": [
          { "id": "journal-title", "type": "heading", "props": { "text": "From the journal", "level": 2 } },
          { "id": "journal-list", "type": "repeater", "props": { "dataset": "latest", "columns": 3 }, "children": [
            { "id": "journal-cover", "type": "image", "props": { "src": "/_assets/stock/cover.svg", "alt": "", "width": 1200, "height": 800 }, "bind": { "src": { "field": "coverImage" }, "alt": { "field": "title" } } },
            { "id": "journal-date", "type": "text", "textStyle": "eyebrow", "props": { "html": "" }, "bind": { "text": { "field": "publishedDate" } } },
            { "id": "journal-post-title", "type": "heading", "props": { "text": "", "level": 3 }, "bind": { "text": { "field": "title" } } },
            { "id": "journal-excerpt", "type": "text", "props": { "html": "" }, "bind": { "text": { "field": "excerpt" } } },
            { "id": "journal-more", "type": "link", "props": { "text": "Read the story", "link": { "href": "/blog" } }, "bind": { "href": { "field": "@url" } } }
          ] },
          { "id": "journal-all", "type": "button", "props": { "label": "All stories", "link": { "href": "/blog" }, "variant": "secondary" }, "style": { "marginTop": "24px" } }
        ] }
      ]
    },
    {
      "id": "about", "title": "About", "path": "/about",
      "seo": { "description": "Who bakes your bread: the story and the people of Demo Bakery." },
      "sections": [
        { "id": "about-intro", "type": "section", "children": [
          { "id": "about-columns", "type": "columns", "props": { "widths": [1, 1] }, "style": { "alignItems": "center" }, "children": [
            { "id": "about-copy", "type": "container", "children": [
              { "id": "about-title", "type": "heading", "props": { "text": "Baking for the neighbourhood since 1998", "level": 1 } },
              { "id": "about-text", "type": "text", "props": { "html": "<p>We started with one oven and a borrowed starter. Today a team of twelve bakes through the night so that the first loaves are on the shelves at seven.</p><p>We buy flour from two mills within 80 km, and everything left at closing time goes to the food bank next door.</p>" } }
            ] },
            { "id": "about-image", "type": "image", "props": { "src": "/_assets/stock/team.svg", "alt": "The bakery team in the kitchen", "width": 1200, "height": 800 } }
          ] }
        ] },
        { "id": "about-gallery-section", "type": "section", "props": { "label": "Our kitchen" }, "style": { "background": "var(--color-surface)" }, "children": [
          { "id": "about-gallery-title", "type": "heading", "props": { "text": "Inside the kitchen", "level": 2 } },
          { "id": "about-gallery", "type": "gallery", "props": { "columns": 3, "images": [
            { "src": "/_assets/stock/kitchen-1.svg", "alt": "Dough resting in baskets", "width": 1200, "height": 800, "caption": "Dough resting overnight" },
            { "src": "/_assets/stock/kitchen-2.svg", "alt": "The deck oven", "width": 1200, "height": 800, "caption": "Our deck oven" },
            { "src": "/_assets/stock/kitchen-3.svg", "alt": "Shaping baguettes", "width": 1200, "height": 800, "caption": "Shaping baguettes" }
          ] } }
        ] }
      ]
    },
    {
      "id": "blog", "title": "Journal", "path": "/blog",
      "seo": { "description": "Stories, recipes and news from Demo Bakery." },
      "datasets": [
        { "id": "posts", "collection": "Posts", "sort": [{ "fieldName": "publishedDate", "order": "DESC" }], "pageSize": 6 }
      ],
      "sections": [
        { "id": "blog-section", "type": "section", "children": [
          { "id": "blog-title", "type": "heading", "props": { "text": "The journal", "level": 1 } },
          { "id": "blog-lead", "type": "text", "textStyle": "lead", "props": { "html": "<p>Stories, recipes and news from the bakery.</p>" } },
          { "id": "blog-list", "type": "repeater", "props": { "dataset": "posts", "columns": 3, "pagination": true }, "children": [
            { "id": "blog-cover", "type": "image", "props": { "src": "/_assets/stock/cover.svg", "alt": "", "width": 1200, "height": 800 }, "bind": { "src": { "field": "coverImage" }, "alt": { "field": "title" } } },
            { "id": "blog-date", "type": "text", "textStyle": "eyebrow", "props": { "html": "" }, "bind": { "text": { "field": "publishedDate" } } },
            { "id": "blog-post-title", "type": "heading", "props": { "text": "", "level": 2 }, "style": { "fontSize": "1.35rem" }, "bind": { "text": { "field": "title" } } },
            { "id": "blog-excerpt", "type": "text", "props": { "html": "" }, "bind": { "text": { "field": "excerpt" } } },
            { "id": "blog-more", "type": "link", "props": { "text": "Read the story", "link": { "href": "/blog" } }, "bind": { "href": { "field": "@url" } } }
          ] }
        ] }
      ]
    },
    {
      "id": "post", "title": "Story", "path": "/blog/{slug}",
      "dynamic": { "collection": "Posts", "field": "slug" },
      "seo": { "title": "{title} | Demo Bakery", "description": "{excerpt}", "image": "{coverImage}", "jsonLd": "Article" },
      "sections": [
        { "id": "post-section", "type": "section", "children": [
          { "id": "post-body", "type": "container", "style": { "maxWidth": "720px", "margin": "0 auto" }, "children": [
            { "id": "post-back", "type": "link", "props": { "text": "← All stories", "link": { "href": "/blog" } } },
            { "id": "post-date", "type": "text", "textStyle": "eyebrow", "props": { "html": "" }, "bind": { "text": { "field": "publishedDate" } } },
            { "id": "post-title", "type": "heading", "props": { "text": "", "level": 1 }, "bind": { "text": { "field": "title" } } },
            { "id": "post-author", "type": "text", "textStyle": "lead", "props": { "html": "" }, "bind": { "text": { "field": "author" } } },
            { "id": "post-cover", "type": "image", "props": { "src": "/_assets/stock/cover.svg", "alt": "", "width": 1200, "height": 800 }, "bind": { "src": { "field": "coverImage" }, "alt": { "field": "title" } } },
            { "id": "post-content", "type": "text", "props": { "html": "" }, "bind": { "html": { "field": "body" } } }
          ] }
        ] }
      ]
    },
    {
      "id": "contact", "title": "Contact", "path": "/contact",
      "seo": { "description": "Order a cake or ask us anything." },
      "sections": [
        { "id": "contact-section", "type": "section", "children": [
          { "id": "contact-columns", "type": "columns", "props": { "widths": [2, 3] }, "children": [
            { "id": "contact-copy", "type": "container", "children": [
              { "id": "contact-title", "type": "heading", "props": { "text": "Get in touch", "level": 1 } },
              { "id": "contact-text", "type": "text", "props": { "html": "<p>Order a cake, ask about allergens, or just say hello. We answer within a day.</p><p><a href=\"tel:+15550100\">+1 555 0100</a><br>12 Flour Street</p>" } }
            ] },
            { "id": "contact-form", "type": "form", "props": {
              "collection": "ContactMessages",
              "submitLabel": "Send message",
              "successMessage": "Thank you! We will get back to you within a day.",
              "fields": [
                { "name": "name", "label": "Your name", "required": true, "maxLength": 100 },
                { "name": "email", "label": "Email", "type": "email", "required": true },
                { "name": "topic", "label": "Topic", "type": "select", "options": ["Cake order", "Allergens", "Something else"] },
                { "name": "message", "label": "Message", "type": "textarea", "required": true, "maxLength": 2000 }
              ]
            } }
          ] }
        ] }
      ]
    },
    {
      "id": "club", "title": "Bakers'' club", "path": "/club", "visibility": "members",
      "seo": { "description": "Recipes and early news for members of Demo Bakery''s club." },
      "sections": [
        { "id": "club-intro", "type": "section", "children": [
          { "id": "club-title", "type": "heading", "props": { "text": "Welcome to the Bakers'' club", "level": 1 } },
          { "id": "club-text", "type": "text", "props": { "html": "<p>Members get our recipes first. This month: the overnight country loaf, step by step.</p><ol><li>Mix 500 g flour, 375 g water and 100 g starter; rest 30 minutes.</li><li>Add 10 g salt; fold four times over two hours.</li><li>Shape, then proof overnight in the fridge.</li><li>Bake at 250 °C in a covered pot: 20 minutes covered, 25 uncovered.</li></ol>" } },
          { "id": "club-account", "type": "button", "props": { "label": "My account", "link": { "href": "/account" } } }
        ] }
      ]
    },
    {
      "id": "not-found", "title": "Page not found", "path": "/not-found", "hideFromMenu": true,
      "seo": { "noIndex": true },
      "sections": [
        { "id": "nf-section", "type": "section", "style": { "textAlign": "center" }, "children": [
          { "id": "nf-title", "type": "heading", "props": { "text": "We could not find that page", "level": 1 } },
          { "id": "nf-text", "type": "text", "props": { "html": "<p>It may have moved, or it was eaten. Try the home page.</p>" } },
          { "id": "nf-home", "type": "button", "props": { "label": "Back to the home page", "link": { "href": "/" } } }
        ] }
      ]
    }
  ]
}
', '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105131);
INSERT INTO site_drafts VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 1, '{"master":{"footer":[{"id":"footer-note","props":{"html":"<p>© Shop</p>"},"type":"text"}],"header":[{"id":"brand","props":{"link":{"href":"/"},"text":"Shop"},"style":{"color":"var(--color-text)","fontSize":"1.35rem","fontWeight":"700","textDecoration":"none"},"type":"link"},{"id":"main-menu","type":"menu"}]},"pages":[{"datasets":[{"collection":"Products","id":"featured","pageSize":4,"sort":[{"fieldName":"price","order":"DESC"}]}],"id":"home","path":"/","sections":[{"children":[{"children":[{"children":[{"id":"home-hero-title","props":{"level":1,"text":"Things we make with care"},"type":"heading"},{"id":"home-hero-lead","props":{"html":"<p>Small batches, honest materials, shipped from our workshop.</p>"},"type":"text"},{"id":"home-hero-cta","props":{"label":"Shop now","link":{"href":"/shop"}},"type":"button"}],"id":"home-hero-copy","type":"container"},{"id":"home-hero-img","props":{"alt":"","height":800,"src":"/_assets/stock/store-hero.svg","width":1200},"type":"image"}],"id":"home-hero-cols","props":{"widths":[1,1]},"style":{"alignItems":"center"},"type":"columns"}],"id":"home-hero","style":{"background":"var(--color-surface)"},"type":"section"},{"children":[{"id":"featured-title","props":{"level":2,"text":"Featured"},"type":"heading"},{"children":[{"bind":{"alt":{"field":"name"},"src":{"field":"image"}},"id":"featured-image","props":{"alt":"","height":800,"src":"/_assets/stock/product.svg","width":1200},"type":"image"},{"bind":{"text":{"field":"name"}},"id":"featured-name","props":{"level":3,"text":""},"type":"heading"},{"bind":{"text":{"field":"price"}},"id":"featured-price","props":{"html":""},"type":"text"},{"bind":{"href":{"field":"@url"}},"id":"featured-view","props":{"link":{"href":"/shop"},"text":"View"},"type":"link"}],"id":"featured-list","props":{"columns":4,"dataset":"featured"},"type":"repeater"}],"id":"featured-section","type":"section"}],"title":"Home"},{"datasets":[{"collection":"Products","id":"products","pageSize":12,"sort":[{"fieldName":"name","order":"ASC"}]}],"id":"shop","path":"/shop","sections":[{"children":[{"id":"shop-title","props":{"level":1,"text":"Shop"},"type":"heading"},{"children":[{"bind":{"alt":{"field":"name"},"src":{"field":"image"}},"id":"shop-image","props":{"alt":"","height":800,"src":"/_assets/stock/product.svg","width":1200},"type":"image"},{"bind":{"text":{"field":"name"}},"id":"shop-name","props":{"level":2,"text":""},"style":{"fontSize":"1.2rem"},"type":"heading"},{"bind":{"text":{"field":"price"}},"id":"shop-price","props":{"html":""},"type":"text"},{"bind":{"href":{"field":"@url"}},"id":"shop-view","props":{"link":{"href":"/shop"},"text":"View"},"type":"link"}],"id":"shop-list","props":{"columns":4,"dataset":"products","pagination":true},"type":"repeater"}],"id":"shop-section","type":"section"}],"title":"Shop"},{"dynamic":{"collection":"Products","field":"slug"},"id":"product","path":"/shop/{slug}","sections":[{"children":[{"children":[{"bind":{"alt":{"field":"name"},"src":{"field":"image"}},"id":"product-image","props":{"alt":"","height":800,"src":"/_assets/stock/product.svg","width":1200},"type":"image"},{"children":[{"bind":{"text":{"field":"name"}},"id":"product-name","props":{"level":1,"text":""},"type":"heading"},{"bind":{"text":{"field":"price"}},"id":"product-price","props":{"html":""},"type":"text"},{"bind":{"text":{"field":"description"}},"id":"product-description","props":{"html":""},"type":"text"},{"id":"product-ask","props":{"label":"Ask about this product","link":{"href":"/contact"}},"type":"button"}],"id":"product-copy","type":"container"}],"id":"product-cols","props":{"widths":[1,1]},"type":"columns"}],"id":"product-section","type":"section"}],"seo":{"description":"{description}","image":"{image}","title":"{name} | Shop"},"title":"Product"},{"id":"contact","path":"/contact","sections":[{"children":[{"id":"contact-title","props":{"level":1,"text":"Get in touch"},"type":"heading"},{"id":"contact-form","props":{"collection":"ContactMessages","fields":[{"label":"Your name","name":"name","required":true},{"label":"Email","name":"email","required":true,"type":"email"},{"label":"Message","name":"message","required":true,"type":"textarea"}],"submitLabel":"Send"},"type":"form"}],"id":"contact-section","type":"section"}],"title":"Contact"}],"schemaVersion":1,"settings":{"description":"Shop Shop.","name":"Shop"},"theme":{"colors":{"on-primary":"#ffffff","primary":"#2f5d50","surface":"#f1f5f3"},"fonts":{"heading":"Georgia, serif"},"textStyles":{"h1":{"fontFamily":"heading"},"h2":{"fontFamily":"heading"}}}}', '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105306);

INSERT INTO site_member_settings VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', '{"signup":"open","verifyEmail":false}');

INSERT INTO site_published VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 1, 1796555105133);
INSERT INTO site_published VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 1, 1796555105320);

INSERT INTO site_versions VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 1, '{
  "schemaVersion": 1,
  "settings": {
    "name": "Demo Bakery",
    "language": "en",
    "description": "A neighbourhood bakery: sourdough, pastries and cakes baked fresh every morning.",
    "favicon": "/_assets/stock/favicon.svg",
    "socialImage": "/_assets/stock/bakery-hero.svg",
    "twitter": "@demobakery",
    "notFoundPage": "not-found",
    "redirects": [{ "from": "/news", "to": "/blog" }],
    "organization": {
      "name": "Demo Bakery",
      "logo": "/_assets/stock/logo.svg",
      "sameAs": ["https://www.instagram.com/", "https://www.facebook.com/"]
    }
  },
  "theme": {
    "colors": {
      "primary": "#b5543a",
      "on-primary": "#ffffff",
      "text": "#2b211c",
      "muted": "#6d5f57",
      "background": "#fffdf9",
      "surface": "#f6eee6",
      "border": "#eadbcf",
      "accent": "#f3c677"
    },
    "fonts": {
      "heading": "Georgia, ''Times New Roman'', serif",
      "body": "system-ui, -apple-system, ''Segoe UI'', Roboto, sans-serif"
    },
    "textStyles": {
      "h1": { "fontFamily": "heading", "fontWeight": "700", "letterSpacing": "-0.01em" },
      "h2": { "fontFamily": "heading", "fontWeight": "700" },
      "h3": { "fontFamily": "heading", "fontWeight": "600" },
      "lead": { "fontSize": "1.25rem", "color": "muted", "lineHeight": "1.7" },
      "eyebrow": { "fontSize": "0.85rem", "fontWeight": "700", "letterSpacing": "0.12em", "textTransform": "uppercase", "color": "primary" }
    }
  },
  "master": {
    "header": [
      { "id": "brand", "type": "link", "props": { "text": "Demo Bakery", "link": { "href": "/" } },
        "style": { "fontFamily": "var(--font-heading)", "fontWeight": "700", "fontSize": "1.5rem", "textDecoration": "none", "color": "var(--color-text)" } },
      { "id": "main-menu", "type": "menu", "props": { "label": "Main" } },
      { "id": "account-link", "type": "link", "props": { "text": "My account", "link": { "href": "/account" } } }
    ],
    "footer": [
      { "id": "footer-note", "type": "text", "props": { "html": "<p><strong>Demo Bakery</strong> · 12 Flour Street · Open daily 7:00–18:00</p>" } },
      { "id": "footer-social", "type": "socialLinks", "props": { "links": [
        { "network": "Instagram", "url": "https://www.instagram.com/" },
        { "network": "Facebook", "url": "https://www.facebook.com/" }
      ] } }
    ]
  },
  "pages": [
    {
      "id": "home", "title": "Home", "path": "/",
      "seo": { "title": "Demo Bakery — fresh from our oven every morning" },
      "datasets": [
        { "id": "latest", "collection": "Posts", "sort": [{ "fieldName": "publishedDate", "order": "DESC" }], "pageSize": 3 }
      ],
      "sections": [
        { "id": "hero", "type": "section", "props": { "label": "Welcome" },
          "style": { "background": "linear-gradient(180deg, var(--color-surface), var(--color-background))" },
          "children": [
            { "id": "hero-columns", "type": "columns", "props": { "widths": [5, 4] }, "style": { "alignItems": "center" }, "children": [
              { "id": "hero-copy", "type": "container", "children": [
                { "id": "hero-eyebrow", "type": "text", "textStyle": "eyebrow", "props": { "html": "<p>Neighbourhood bakery since 1998</p>" } },
                { "id": "hero-title", "type": "heading", "props": { "text": "Fresh from our oven every morning", "level": 1 } },
                { "id": "hero-lead", "type": "text", "textStyle": "lead", "props": { "html": "<p>Slow-fermented sourdough, buttery pastries and celebration cakes, baked by hand a few steps from your door.</p>" } },
                { "id": "hero-actions", "type": "container", "style": { "flexDirection": "row", "flexWrap": "wrap", "gap": "12px" }, "children": [
                  { "id": "hero-blog", "type": "button", "props": { "label": "Read our journal", "link": { "href": "/blog" } } },
                  { "id": "hero-contact", "type": "button", "props": { "label": "Order a cake", "link": { "href": "/contact" }, "variant": "secondary" } }
                ] }
              ] },
              { "id": "hero-image", "type": "image", "props": { "src": "/_assets/stock/bakery-hero.svg", "alt": "Loaves of sourdough cooling on a rack", "width": 1200, "height": 800 } }
            ] }
          ] },
        { "id": "bakes", "type": "section", "children": [
          { "id": "bakes-title", "type": "heading", "props": { "text": "What we bake", "level": 2 }, "style": { "textAlign": "center", "marginBottom": "32px" } },
          { "id": "bakes-columns", "type": "columns", "children": [
            { "id": "bake-bread", "type": "container", "children": [
              { "id": "bake-bread-img", "type": "image", "props": { "src": "/_assets/stock/sourdough.svg", "alt": "A crusty sourdough loaf", "width": 1200, "height": 800 } },
              { "id": "bake-bread-title", "type": "heading", "props": { "text": "Sourdough", "level": 3 } },
              { "id": "bake-bread-text", "type": "text", "props": { "html": "<p>Our starter is older than some of our bakers. Every loaf rises for 36 hours.</p>" } }
            ] },
            { "id": "bake-pastry", "type": "container", "children": [
              { "id": "bake-pastry-img", "type": "image", "props": { "src": "/_assets/stock/croissant.svg", "alt": "Golden croissants on a tray", "width": 1200, "height": 800 } },
              { "id": "bake-pastry-title", "type": "heading", "props": { "text": "Pastries", "level": 3 } },
              { "id": "bake-pastry-text", "type": "text", "props": { "html": "<p>Laminated with French butter, folded by hand, baked before sunrise.</p>" } }
            ] },
            { "id": "bake-cake", "type": "container", "children": [
              { "id": "bake-cake-img", "type": "image", "props": { "src": "/_assets/stock/layer-cake.svg", "alt": "A layered celebration cake", "width": 1200, "height": 800 } },
              { "id": "bake-cake-title", "type": "heading", "props": { "text": "Cakes", "level": 3 } },
              { "id": "bake-cake-text", "type": "text", "props": { "html": "<p>Birthdays, weddings, Tuesdays: tell us the occasion and we will bake for it.</p>" } }
            ] }
          ] }
        ] },
        { "id": "journal", "type": "section", "style": { "background": "var(--color-surface)" }, "children": [
          { "id": "journal-title", "type": "heading", "props": { "text": "From the journal", "level": 2 } },
          { "id": "journal-list", "type": "repeater", "props": { "dataset": "latest", "columns": 3 }, "children": [
            { "id": "journal-cover", "type": "image", "props": { "src": "/_assets/stock/cover.svg", "alt": "", "width": 1200, "height": 800 }, "bind": { "src": { "field": "coverImage" }, "alt": { "field": "title" } } },
            { "id": "journal-date", "type": "text", "textStyle": "eyebrow", "props": { "html": "" }, "bind": { "text": { "field": "publishedDate" } } },
            { "id": "journal-post-title", "type": "heading", "props": { "text": "", "level": 3 }, "bind": { "text": { "field": "title" } } },
            { "id": "journal-excerpt", "type": "text", "props": { "html": "" }, "bind": { "text": { "field": "excerpt" } } },
            { "id": "journal-more", "type": "link", "props": { "text": "Read the story", "link": { "href": "/blog" } }, "bind": { "href": { "field": "@url" } } }
          ] },
          { "id": "journal-all", "type": "button", "props": { "label": "All stories", "link": { "href": "/blog" }, "variant": "secondary" }, "style": { "marginTop": "24px" } }
        ] }
      ]
    },
    {
      "id": "about", "title": "About", "path": "/about",
      "seo": { "description": "Who bakes your bread: the story and the people of Demo Bakery." },
      "sections": [
        { "id": "about-intro", "type": "section", "children": [
          { "id": "about-columns", "type": "columns", "props": { "widths": [1, 1] }, "style": { "alignItems": "center" }, "children": [
            { "id": "about-copy", "type": "container", "children": [
              { "id": "about-title", "type": "heading", "props": { "text": "Baking for the neighbourhood since 1998", "level": 1 } },
              { "id": "about-text", "type": "text", "props": { "html": "<p>We started with one oven and a borrowed starter. Today a team of twelve bakes through the night so that the first loaves are on the shelves at seven.</p><p>We buy flour from two mills within 80 km, and everything left at closing time goes to the food bank next door.</p>" } }
            ] },
            { "id": "about-image", "type": "image", "props": { "src": "/_assets/stock/team.svg", "alt": "The bakery team in the kitchen", "width": 1200, "height": 800 } }
          ] }
        ] },
        { "id": "about-gallery-section", "type": "section", "props": { "label": "Our kitchen" }, "style": { "background": "var(--color-surface)" }, "children": [
          { "id": "about-gallery-title", "type": "heading", "props": { "text": "Inside the kitchen", "level": 2 } },
          { "id": "about-gallery", "type": "gallery", "props": { "columns": 3, "images": [
            { "src": "/_assets/stock/kitchen-1.svg", "alt": "Dough resting in baskets", "width": 1200, "height": 800, "caption": "Dough resting overnight" },
            { "src": "/_assets/stock/kitchen-2.svg", "alt": "The deck oven", "width": 1200, "height": 800, "caption": "Our deck oven" },
            { "src": "/_assets/stock/kitchen-3.svg", "alt": "Shaping baguettes", "width": 1200, "height": 800, "caption": "Shaping baguettes" }
          ] } }
        ] }
      ]
    },
    {
      "id": "blog", "title": "Journal", "path": "/blog",
      "seo": { "description": "Stories, recipes and news from Demo Bakery." },
      "datasets": [
        { "id": "posts", "collection": "Posts", "sort": [{ "fieldName": "publishedDate", "order": "DESC" }], "pageSize": 6 }
      ],
      "sections": [
        { "id": "blog-section", "type": "section", "children": [
          { "id": "blog-title", "type": "heading", "props": { "text": "The journal", "level": 1 } },
          { "id": "blog-lead", "type": "text", "textStyle": "lead", "props": { "html": "<p>Stories, recipes and news from the bakery.</p>" } },
          { "id": "blog-list", "type": "repeater", "props": { "dataset": "posts", "columns": 3, "pagination": true }, "children": [
            { "id": "blog-cover", "type": "image", "props": { "src": "/_assets/stock/cover.svg", "alt": "", "width": 1200, "height": 800 }, "bind": { "src": { "field": "coverImage" }, "alt": { "field": "title" } } },
            { "id": "blog-date", "type": "text", "textStyle": "eyebrow", "props": { "html": "" }, "bind": { "text": { "field": "publishedDate" } } },
            { "id": "blog-post-title", "type": "heading", "props": { "text": "", "level": 2 }, "style": { "fontSize": "1.35rem" }, "bind": { "text": { "field": "title" } } },
            { "id": "blog-excerpt", "type": "text", "props": { "html": "" }, "bind": { "text": { "field": "excerpt" } } },
            { "id": "blog-more", "type": "link", "props": { "text": "Read the story", "link": { "href": "/blog" } }, "bind": { "href": { "field": "@url" } } }
          ] }
        ] }
      ]
    },
    {
      "id": "post", "title": "Story", "path": "/blog/{slug}",
      "dynamic": { "collection": "Posts", "field": "slug" },
      "seo": { "title": "{title} | Demo Bakery", "description": "{excerpt}", "image": "{coverImage}", "jsonLd": "Article" },
      "sections": [
        { "id": "post-section", "type": "section", "children": [
          { "id": "post-body", "type": "container", "style": { "maxWidth": "720px", "margin": "0 auto" }, "children": [
            { "id": "post-back", "type": "link", "props": { "text": "← All stories", "link": { "href": "/blog" } } },
            { "id": "post-date", "type": "text", "textStyle": "eyebrow", "props": { "html": "" }, "bind": { "text": { "field": "publishedDate" } } },
            { "id": "post-title", "type": "heading", "props": { "text": "", "level": 1 }, "bind": { "text": { "field": "title" } } },
            { "id": "post-author", "type": "text", "textStyle": "lead", "props": { "html": "" }, "bind": { "text": { "field": "author" } } },
            { "id": "post-cover", "type": "image", "props": { "src": "/_assets/stock/cover.svg", "alt": "", "width": 1200, "height": 800 }, "bind": { "src": { "field": "coverImage" }, "alt": { "field": "title" } } },
            { "id": "post-content", "type": "text", "props": { "html": "" }, "bind": { "html": { "field": "body" } } }
          ] }
        ] }
      ]
    },
    {
      "id": "contact", "title": "Contact", "path": "/contact",
      "seo": { "description": "Order a cake or ask us anything." },
      "sections": [
        { "id": "contact-section", "type": "section", "children": [
          { "id": "contact-columns", "type": "columns", "props": { "widths": [2, 3] }, "children": [
            { "id": "contact-copy", "type": "container", "children": [
              { "id": "contact-title", "type": "heading", "props": { "text": "Get in touch", "level": 1 } },
              { "id": "contact-text", "type": "text", "props": { "html": "<p>Order a cake, ask about allergens, or just say hello. We answer within a day.</p><p><a href=\"tel:+15550100\">+1 555 0100</a><br>12 Flour Street</p>" } }
            ] },
            { "id": "contact-form", "type": "form", "props": {
              "collection": "ContactMessages",
              "submitLabel": "Send message",
              "successMessage": "Thank you! We will get back to you within a day.",
              "fields": [
                { "name": "name", "label": "Your name", "required": true, "maxLength": 100 },
                { "name": "email", "label": "Email", "type": "email", "required": true },
                { "name": "topic", "label": "Topic", "type": "select", "options": ["Cake order", "Allergens", "Something else"] },
                { "name": "message", "label": "Message", "type": "textarea", "required": true, "maxLength": 2000 }
              ]
            } }
          ] }
        ] }
      ]
    },
    {
      "id": "club", "title": "Bakers'' club", "path": "/club", "visibility": "members",
      "seo": { "description": "Recipes and early news for members of Demo Bakery''s club." },
      "sections": [
        { "id": "club-intro", "type": "section", "children": [
          { "id": "club-title", "type": "heading", "props": { "text": "Welcome to the Bakers'' club", "level": 1 } },
          { "id": "club-text", "type": "text", "props": { "html": "<p>Members get our recipes first. This month: the overnight country loaf, step by step.</p><ol><li>Mix 500 g flour, 375 g water and 100 g starter; rest 30 minutes.</li><li>Add 10 g salt; fold four times over two hours.</li><li>Shape, then proof overnight in the fridge.</li><li>Bake at 250 °C in a covered pot: 20 minutes covered, 25 uncovered.</li></ol>" } },
          { "id": "club-account", "type": "button", "props": { "label": "My account", "link": { "href": "/account" } } }
        ] }
      ]
    },
    {
      "id": "not-found", "title": "Page not found", "path": "/not-found", "hideFromMenu": true,
      "seo": { "noIndex": true },
      "sections": [
        { "id": "nf-section", "type": "section", "style": { "textAlign": "center" }, "children": [
          { "id": "nf-title", "type": "heading", "props": { "text": "We could not find that page", "level": 1 } },
          { "id": "nf-text", "type": "text", "props": { "html": "<p>It may have moved, or it was eaten. Try the home page.</p>" } },
          { "id": "nf-home", "type": "button", "props": { "label": "Back to the home page", "link": { "href": "/" } } }
        ] }
      ]
    }
  ]
}
', 1, NULL, '01a24b07-632c-7393-b0d8-2b7ed372e923', 1796555105133);
INSERT INTO site_versions VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 1, '{"master":{"footer":[{"id":"footer-note","props":{"html":"<p>© Shop</p>"},"type":"text"}],"header":[{"id":"brand","props":{"link":{"href":"/"},"text":"Shop"},"style":{"color":"var(--color-text)","fontSize":"1.35rem","fontWeight":"700","textDecoration":"none"},"type":"link"},{"id":"main-menu","type":"menu"}]},"pages":[{"datasets":[{"collection":"Products","id":"featured","pageSize":4,"sort":[{"fieldName":"price","order":"DESC"}]}],"id":"home","path":"/","sections":[{"children":[{"children":[{"children":[{"id":"home-hero-title","props":{"level":1,"text":"Things we make with care"},"type":"heading"},{"id":"home-hero-lead","props":{"html":"<p>Small batches, honest materials, shipped from our workshop.</p>"},"type":"text"},{"id":"home-hero-cta","props":{"label":"Shop now","link":{"href":"/shop"}},"type":"button"}],"id":"home-hero-copy","type":"container"},{"id":"home-hero-img","props":{"alt":"","height":800,"src":"/_assets/stock/store-hero.svg","width":1200},"type":"image"}],"id":"home-hero-cols","props":{"widths":[1,1]},"style":{"alignItems":"center"},"type":"columns"}],"id":"home-hero","style":{"background":"var(--color-surface)"},"type":"section"},{"children":[{"id":"featured-title","props":{"level":2,"text":"Featured"},"type":"heading"},{"children":[{"bind":{"alt":{"field":"name"},"src":{"field":"image"}},"id":"featured-image","props":{"alt":"","height":800,"src":"/_assets/stock/product.svg","width":1200},"type":"image"},{"bind":{"text":{"field":"name"}},"id":"featured-name","props":{"level":3,"text":""},"type":"heading"},{"bind":{"text":{"field":"price"}},"id":"featured-price","props":{"html":""},"type":"text"},{"bind":{"href":{"field":"@url"}},"id":"featured-view","props":{"link":{"href":"/shop"},"text":"View"},"type":"link"}],"id":"featured-list","props":{"columns":4,"dataset":"featured"},"type":"repeater"}],"id":"featured-section","type":"section"}],"title":"Home"},{"datasets":[{"collection":"Products","id":"products","pageSize":12,"sort":[{"fieldName":"name","order":"ASC"}]}],"id":"shop","path":"/shop","sections":[{"children":[{"id":"shop-title","props":{"level":1,"text":"Shop"},"type":"heading"},{"children":[{"bind":{"alt":{"field":"name"},"src":{"field":"image"}},"id":"shop-image","props":{"alt":"","height":800,"src":"/_assets/stock/product.svg","width":1200},"type":"image"},{"bind":{"text":{"field":"name"}},"id":"shop-name","props":{"level":2,"text":""},"style":{"fontSize":"1.2rem"},"type":"heading"},{"bind":{"text":{"field":"price"}},"id":"shop-price","props":{"html":""},"type":"text"},{"bind":{"href":{"field":"@url"}},"id":"shop-view","props":{"link":{"href":"/shop"},"text":"View"},"type":"link"}],"id":"shop-list","props":{"columns":4,"dataset":"products","pagination":true},"type":"repeater"}],"id":"shop-section","type":"section"}],"title":"Shop"},{"dynamic":{"collection":"Products","field":"slug"},"id":"product","path":"/shop/{slug}","sections":[{"children":[{"children":[{"bind":{"alt":{"field":"name"},"src":{"field":"image"}},"id":"product-image","props":{"alt":"","height":800,"src":"/_assets/stock/product.svg","width":1200},"type":"image"},{"children":[{"bind":{"text":{"field":"name"}},"id":"product-name","props":{"level":1,"text":""},"type":"heading"},{"bind":{"text":{"field":"price"}},"id":"product-price","props":{"html":""},"type":"text"},{"bind":{"text":{"field":"description"}},"id":"product-description","props":{"html":""},"type":"text"},{"id":"product-ask","props":{"label":"Ask about this product","link":{"href":"/contact"}},"type":"button"}],"id":"product-copy","type":"container"}],"id":"product-cols","props":{"widths":[1,1]},"type":"columns"}],"id":"product-section","type":"section"}],"seo":{"description":"{description}","image":"{image}","title":"{name} | Shop"},"title":"Product"},{"id":"contact","path":"/contact","sections":[{"children":[{"id":"contact-title","props":{"level":1,"text":"Get in touch"},"type":"heading"},{"id":"contact-form","props":{"collection":"ContactMessages","fields":[{"label":"Your name","name":"name","required":true},{"label":"Email","name":"email","required":true,"type":"email"},{"label":"Message","name":"message","required":true,"type":"textarea"}],"submitLabel":"Send"},"type":"form"}],"id":"contact-section","type":"section"}],"title":"Contact"}],"schemaVersion":1,"settings":{"description":"Shop Shop.","name":"Shop"},"theme":{"colors":{"on-primary":"#ffffff","primary":"#2f5d50","surface":"#f1f5f3"},"fonts":{"heading":"Georgia, serif"},"textStyles":{"h1":{"fontFamily":"heading"},"h2":{"fontFamily":"heading"}}}}', 1, NULL, '01a24b07-6295-7760-b517-9fab6b1db8ef', 1796555105320);

INSERT INTO sites VALUES ('01a24b07-634e-75dc-a0a7-f083084fb419', 'demo', 'Demo Bakery', 1796555105102);
INSERT INTO sites VALUES ('01a24b07-6409-724e-9221-5850ee5b8d96', 'shop', 'Shop', 1796555105289);

SELECT pg_catalog.setval('code_logs_id_seq', 1, false);

ALTER TABLE ONLY _sqlx_migrations
    ADD CONSTRAINT _sqlx_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY account_tokens
    ADD CONSTRAINT account_tokens_pkey PRIMARY KEY (hash);

ALTER TABLE ONLY accounts
    ADD CONSTRAINT accounts_email_key UNIQUE (email);

ALTER TABLE ONLY accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY code_logs
    ADD CONSTRAINT code_logs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY code_published
    ADD CONSTRAINT code_published_pkey PRIMARY KEY (site_id);

ALTER TABLE ONLY code_revisions
    ADD CONSTRAINT code_revisions_pkey PRIMARY KEY (site_id, revision);

ALTER TABLE ONLY data_collections
    ADD CONSTRAINT data_collections_pkey PRIMARY KEY (site_id, collection_id);

ALTER TABLE ONLY data_items
    ADD CONSTRAINT data_items_pkey PRIMARY KEY (site_id, collection_id, item_id);

ALTER TABLE ONLY data_jobs
    ADD CONSTRAINT data_jobs_pkey PRIMARY KEY (site_id, job_id);

ALTER TABLE ONLY data_references
    ADD CONSTRAINT data_references_pkey PRIMARY KEY (site_id, collection_id, field, referring_id, referenced_id);

ALTER TABLE ONLY job_runs
    ADD CONSTRAINT job_runs_pkey PRIMARY KEY (site_id, job, tick);

ALTER TABLE ONLY site_api_keys
    ADD CONSTRAINT site_api_keys_key_hash_key UNIQUE (key_hash);

ALTER TABLE ONLY site_api_keys
    ADD CONSTRAINT site_api_keys_pkey PRIMARY KEY (site_id, id);

ALTER TABLE ONLY site_collaborators
    ADD CONSTRAINT site_collaborators_pkey PRIMARY KEY (site_id, account_id);

ALTER TABLE ONLY site_domains
    ADD CONSTRAINT site_domains_domain_key UNIQUE (domain);

ALTER TABLE ONLY site_domains
    ADD CONSTRAINT site_domains_pkey PRIMARY KEY (site_id, domain);

ALTER TABLE ONLY site_drafts
    ADD CONSTRAINT site_drafts_pkey PRIMARY KEY (site_id);

ALTER TABLE ONLY site_emails
    ADD CONSTRAINT site_emails_pkey PRIMARY KEY (site_id, id);

ALTER TABLE ONLY site_invites
    ADD CONSTRAINT site_invites_pkey PRIMARY KEY (site_id, id);

ALTER TABLE ONLY site_invites
    ADD CONSTRAINT site_invites_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY site_member_roles
    ADD CONSTRAINT site_member_roles_pkey PRIMARY KEY (site_id, id);

ALTER TABLE ONLY site_member_sessions
    ADD CONSTRAINT site_member_sessions_pkey PRIMARY KEY (hash);

ALTER TABLE ONLY site_member_settings
    ADD CONSTRAINT site_member_settings_pkey PRIMARY KEY (site_id);

ALTER TABLE ONLY site_member_tokens
    ADD CONSTRAINT site_member_tokens_pkey PRIMARY KEY (hash);

ALTER TABLE ONLY site_members
    ADD CONSTRAINT site_members_pkey PRIMARY KEY (site_id, id);

ALTER TABLE ONLY site_members
    ADD CONSTRAINT site_members_site_id_email_key UNIQUE (site_id, email);

ALTER TABLE ONLY site_published
    ADD CONSTRAINT site_published_pkey PRIMARY KEY (site_id);

ALTER TABLE ONLY site_secrets
    ADD CONSTRAINT site_secrets_pkey PRIMARY KEY (site_id, name);

ALTER TABLE ONLY site_versions
    ADD CONSTRAINT site_versions_pkey PRIMARY KEY (site_id, version);

ALTER TABLE ONLY sites
    ADD CONSTRAINT sites_pkey PRIMARY KEY (site_id);

ALTER TABLE ONLY sites
    ADD CONSTRAINT sites_slug_key UNIQUE (slug);

CREATE INDEX account_tokens_account ON account_tokens USING btree (account_id);

CREATE INDEX code_logs_site ON code_logs USING btree (site_id, id);

CREATE INDEX data_items_created ON data_items USING btree (site_id, collection_id, created_at, item_id);

CREATE INDEX data_references_target ON data_references USING btree (site_id, referenced_collection_id, referenced_id);

CREATE UNIQUE INDEX dx_312412f7cab5e7b11a3212b0 ON data_items USING btree (NULLIF((data -> 'slug'::text), 'null'::jsonb) NULLS FIRST) WHERE ((site_id = '01a24b07-6409-724e-9221-5850ee5b8d96'::text) AND (collection_id = 'Products'::text));

CREATE INDEX dx_7d020b8e469f96ab8aee9cf8 ON data_items USING btree (NULLIF((data -> 'category'::text), 'null'::jsonb) NULLS FIRST, NULLIF((data -> 'year'::text), 'null'::jsonb) NULLS FIRST, item_id) WHERE ((site_id = '01a24b07-6409-724e-9221-5850ee5b8d96'::text) AND (collection_id = 'Books'::text));

CREATE UNIQUE INDEX dx_97f4872e4c59759df8493017 ON data_items USING btree (NULLIF((data -> 'isbn'::text), 'null'::jsonb) NULLS FIRST) WHERE ((site_id = '01a24b07-6409-724e-9221-5850ee5b8d96'::text) AND (collection_id = 'Books'::text));

CREATE INDEX dx_bb9bcb055ffedebc570988ce ON data_items USING btree (NULLIF((data -> 'year'::text), 'null'::jsonb) NULLS FIRST, item_id) WHERE ((site_id = '01a24b07-6409-724e-9221-5850ee5b8d96'::text) AND (collection_id = 'Books'::text));

CREATE INDEX dx_de181fea7713cd18821da3a8 ON data_items USING btree (NULLIF((data -> 'publishedDate'::text), 'null'::jsonb) NULLS FIRST, item_id) WHERE ((site_id = '01a24b07-634e-75dc-a0a7-f083084fb419'::text) AND (collection_id = 'Posts'::text));

CREATE INDEX dx_e34cd5f39510b766813a634f ON data_items USING btree (NULLIF((data -> 'price'::text), 'null'::jsonb) NULLS FIRST, item_id) WHERE ((site_id = '01a24b07-634e-75dc-a0a7-f083084fb419'::text) AND (collection_id = 'Cakes'::text));

CREATE UNIQUE INDEX dx_eb5b7f780571d624a3f2266e ON data_items USING btree (NULLIF((data -> 'slug'::text), 'null'::jsonb) NULLS FIRST) WHERE ((site_id = '01a24b07-634e-75dc-a0a7-f083084fb419'::text) AND (collection_id = 'Posts'::text));

CREATE INDEX job_runs_recent ON job_runs USING btree (site_id, started_at);

CREATE INDEX site_collaborators_account ON site_collaborators USING btree (account_id);

CREATE INDEX site_emails_due ON site_emails USING btree (next_attempt_at) WHERE (status = 'queued'::text);

CREATE INDEX site_emails_recent ON site_emails USING btree (site_id, created_at);

CREATE INDEX site_member_login_failures_email ON site_member_login_failures USING btree (site_id, email, at);

CREATE INDEX site_member_sessions_member ON site_member_sessions USING btree (site_id, member_id);

CREATE INDEX site_member_tokens_member ON site_member_tokens USING btree (site_id, member_id);

CREATE UNIQUE INDEX site_secrets_id ON site_secrets USING btree (site_id, id);

ALTER TABLE ONLY account_tokens
    ADD CONSTRAINT account_tokens_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;

ALTER TABLE ONLY code_logs
    ADD CONSTRAINT code_logs_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY code_published
    ADD CONSTRAINT code_published_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY code_published
    ADD CONSTRAINT code_published_site_id_revision_fkey FOREIGN KEY (site_id, revision) REFERENCES code_revisions(site_id, revision);

ALTER TABLE ONLY code_revisions
    ADD CONSTRAINT code_revisions_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY data_collections
    ADD CONSTRAINT data_collections_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY data_items
    ADD CONSTRAINT data_items_site_id_collection_id_fkey FOREIGN KEY (site_id, collection_id) REFERENCES data_collections(site_id, collection_id) ON DELETE CASCADE;

ALTER TABLE ONLY data_jobs
    ADD CONSTRAINT data_jobs_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY data_references
    ADD CONSTRAINT data_references_site_id_collection_id_fkey FOREIGN KEY (site_id, collection_id) REFERENCES data_collections(site_id, collection_id) ON DELETE CASCADE;

ALTER TABLE ONLY job_runs
    ADD CONSTRAINT job_runs_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_api_keys
    ADD CONSTRAINT site_api_keys_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_collaborators
    ADD CONSTRAINT site_collaborators_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;

ALTER TABLE ONLY site_collaborators
    ADD CONSTRAINT site_collaborators_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_domains
    ADD CONSTRAINT site_domains_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_drafts
    ADD CONSTRAINT site_drafts_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_emails
    ADD CONSTRAINT site_emails_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_invites
    ADD CONSTRAINT site_invites_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_member_login_failures
    ADD CONSTRAINT site_member_login_failures_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_member_roles
    ADD CONSTRAINT site_member_roles_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_member_sessions
    ADD CONSTRAINT site_member_sessions_site_id_member_id_fkey FOREIGN KEY (site_id, member_id) REFERENCES site_members(site_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY site_member_settings
    ADD CONSTRAINT site_member_settings_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_member_tokens
    ADD CONSTRAINT site_member_tokens_site_id_member_id_fkey FOREIGN KEY (site_id, member_id) REFERENCES site_members(site_id, id) ON DELETE CASCADE;

ALTER TABLE ONLY site_members
    ADD CONSTRAINT site_members_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_published
    ADD CONSTRAINT site_published_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_published
    ADD CONSTRAINT site_published_site_id_version_fkey FOREIGN KEY (site_id, version) REFERENCES site_versions(site_id, version);

ALTER TABLE ONLY site_secrets
    ADD CONSTRAINT site_secrets_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

ALTER TABLE ONLY site_versions
    ADD CONSTRAINT site_versions_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(site_id) ON DELETE CASCADE;

