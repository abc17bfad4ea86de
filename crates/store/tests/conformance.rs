//! The same storage behaviour, asserted against every backend.

use tessera_core::{
    Error, Store,
    accounts::{Account, AccountToken, TokenKind},
    ids::{AccountId, ApiKeyId, InviteId, SiteId},
    now_millis,
    sites::{Domain, Invite, Role, Site, SiteApiKey},
};
use tessera_testkit::{TestDb, backends};

fn account(email: &str) -> Account {
    Account {
        id: AccountId::new(),
        email: email.into(),
        name: "Ann".into(),
        created_at: now_millis(),
    }
}

fn site(slug: &str) -> Site {
    Site {
        id: SiteId::new(),
        slug: slug.into(),
        name: "Shop".into(),
        created_at: now_millis(),
    }
}

async fn each_backend<F, Fut>(test: F)
where
    F: Fn(std::sync::Arc<dyn Store>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let store = db.store().await.unwrap();
        assert_eq!(store.backend(), backend);
        test(store).await;
    }
}

#[tokio::test]
async fn accounts_are_unique_by_email() {
    each_backend(|s| async move {
        let a = account("ann@example.com");
        s.create_account(&a, "hash").await.unwrap();
        let dup = account("ann@example.com");
        let err = s.create_account(&dup, "hash").await.unwrap_err();
        assert!(
            matches!(err, Error::Conflict { field: "email", .. }),
            "{err:?}"
        );
        assert_eq!(s.account(a.id).await.unwrap(), Some(a.clone()));
        let (found, hash) = s
            .account_by_email("ann@example.com")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((found, hash.as_str()), (a, "hash"));
        assert_eq!(s.account_count().await.unwrap(), 1);
        assert!(
            s.account_by_email("bob@example.com")
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn tokens_expire_and_can_be_deleted() {
    each_backend(|s| async move {
        let a = account("ann@example.com");
        s.create_account(&a, "hash").await.unwrap();
        let now = now_millis();
        let token = |hash: &str, kind, expires_at| AccountToken {
            hash: hash.into(),
            account_id: a.id,
            kind,
            label: "test".into(),
            created_at: now,
            expires_at,
        };
        s.create_token(&token("live", TokenKind::Session, Some(now + 1000)))
            .await
            .unwrap();
        s.create_token(&token("old", TokenKind::Session, Some(now - 1)))
            .await
            .unwrap();
        s.create_token(&token("key", TokenKind::ApiKey, None))
            .await
            .unwrap();
        assert_eq!(
            s.token("live", now).await.unwrap().unwrap().0.kind,
            TokenKind::Session
        );
        assert!(s.token("old", now).await.unwrap().is_none());
        let (key, owner) = s.token("key", now).await.unwrap().unwrap();
        assert_eq!((key.expires_at, owner), (None, a.clone()));
        s.delete_token("live").await.unwrap();
        assert!(s.token("live", now).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn sites_have_unique_slugs_and_an_owner() {
    each_backend(|s| async move {
        let a = account("ann@example.com");
        s.create_account(&a, "h").await.unwrap();
        let shop = site("shop");
        s.create_site(&shop, a.id).await.unwrap();
        let err = s.create_site(&site("shop"), a.id).await.unwrap_err();
        assert!(
            matches!(err, Error::Conflict { field: "slug", .. }),
            "{err:?}"
        );
        assert_eq!(s.site(shop.id).await.unwrap(), Some(shop.clone()));
        assert_eq!(s.site_by_slug("shop").await.unwrap(), Some(shop.clone()));
        assert_eq!(
            s.sites_of(a.id).await.unwrap(),
            vec![(shop.clone(), Role::Owner)]
        );
        s.rename_site(shop.id, "Better shop").await.unwrap();
        assert_eq!(s.site(shop.id).await.unwrap().unwrap().name, "Better shop");
        assert!(matches!(
            s.rename_site(SiteId::new(), "x").await,
            Err(Error::NotFound("site"))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_last_owner_cannot_leave() {
    each_backend(|s| async move {
        let (ann, bob) = (account("ann@example.com"), account("bob@example.com"));
        s.create_account(&ann, "h").await.unwrap();
        s.create_account(&bob, "h").await.unwrap();
        let shop = site("shop");
        s.create_site(&shop, ann.id).await.unwrap();
        let last_owner = |r: tessera_core::Result<()>| {
            assert!(
                matches!(r, Err(Error::Conflict { field: "role", .. })),
                "{r:?}"
            )
        };
        last_owner(s.set_role(shop.id, ann.id, Role::Admin).await);
        last_owner(s.remove_collaborator(shop.id, ann.id).await);
        assert!(matches!(
            s.remove_collaborator(shop.id, bob.id).await,
            Err(Error::NotFound("collaborator"))
        ));

        let invite = Invite {
            site_id: shop.id,
            id: InviteId::new(),
            email: bob.email.clone(),
            role: Role::Owner,
            token_hash: "tok".into(),
            invited_by: ann.id,
            created_at: now_millis(),
            expires_at: now_millis() + 1000,
        };
        s.create_invite(&invite).await.unwrap();
        assert_eq!(s.invites(shop.id).await.unwrap(), vec![invite.clone()]);
        assert_eq!(
            s.invite_by_token("tok").await.unwrap(),
            Some(invite.clone())
        );
        s.accept_invite(&invite, bob.id, now_millis())
            .await
            .unwrap();
        assert!(matches!(
            s.accept_invite(&invite, bob.id, now_millis()).await,
            Err(Error::NotFound("invite"))
        ));
        assert_eq!(s.role_of(shop.id, bob.id).await.unwrap(), Some(Role::Owner));

        // With two owners, one may step down.
        s.set_role(shop.id, ann.id, Role::Editor).await.unwrap();
        last_owner(s.remove_collaborator(shop.id, bob.id).await);
        let roles: Vec<Role> = s
            .collaborators(shop.id)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.role)
            .collect();
        assert_eq!(roles, vec![Role::Editor, Role::Owner]);
        s.remove_collaborator(shop.id, ann.id).await.unwrap();
        assert!(s.sites_of(ann.id).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn accepting_an_invite_never_lowers_a_role() {
    each_backend(|s| async move {
        let ann = account("ann@example.com");
        s.create_account(&ann, "h").await.unwrap();
        let shop = site("shop");
        s.create_site(&shop, ann.id).await.unwrap();
        let invite = Invite {
            site_id: shop.id,
            id: InviteId::new(),
            email: ann.email.clone(),
            role: Role::Viewer,
            token_hash: "tok".into(),
            invited_by: ann.id,
            created_at: now_millis(),
            expires_at: now_millis() + 1000,
        };
        s.create_invite(&invite).await.unwrap();
        s.accept_invite(&invite, ann.id, now_millis())
            .await
            .unwrap();
        assert_eq!(s.role_of(shop.id, ann.id).await.unwrap(), Some(Role::Owner));
        assert!(s.invites(shop.id).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn keys_and_domains_belong_to_a_site_and_go_with_it() {
    each_backend(|s| async move {
        let ann = account("ann@example.com");
        s.create_account(&ann, "h").await.unwrap();
        let (shop, blog) = (site("shop"), site("blog"));
        s.create_site(&shop, ann.id).await.unwrap();
        s.create_site(&blog, ann.id).await.unwrap();

        let key = SiteApiKey {
            site_id: shop.id,
            id: ApiKeyId::new(),
            name: "ci".into(),
            role: Role::Editor,
            key_hash: "keyhash".into(),
            created_by: ann.id,
            created_at: now_millis(),
        };
        s.create_site_key(&key).await.unwrap();
        assert_eq!(s.site_key("keyhash").await.unwrap(), Some(key.clone()));
        assert_eq!(s.site_keys(shop.id).await.unwrap(), vec![key.clone()]);
        assert!(matches!(
            s.delete_site_key(blog.id, key.id).await,
            Err(Error::NotFound("api key"))
        ));
        s.delete_site_key(shop.id, key.id).await.unwrap();
        assert_eq!(
            s.site_key("keyhash").await.unwrap(),
            None,
            "a deleted key is gone"
        );
        s.create_site_key(&key).await.unwrap();

        let domain = Domain {
            site_id: shop.id,
            domain: "shop.example.com".into(),
            created_at: 1,
        };
        s.add_domain(&domain).await.unwrap();
        let taken = Domain {
            site_id: blog.id,
            ..domain.clone()
        };
        assert!(matches!(
            s.add_domain(&taken).await,
            Err(Error::Conflict {
                field: "domain",
                ..
            })
        ));
        assert_eq!(
            s.site_by_domain("shop.example.com").await.unwrap(),
            Some(shop.clone())
        );
        assert_eq!(s.domains(shop.id).await.unwrap(), vec![domain]);

        s.delete_site(shop.id).await.unwrap();
        assert!(s.site_key("keyhash").await.unwrap().is_none());
        assert!(
            s.site_by_domain("shop.example.com")
                .await
                .unwrap()
                .is_none()
        );
        assert!(s.site(shop.id).await.unwrap().is_none());
        assert_eq!(
            s.sites_of(ann.id).await.unwrap(),
            vec![(blog.clone(), Role::Owner)]
        );
        s.remove_domain(blog.id, "nope.example.com")
            .await
            .unwrap_err();
    })
    .await;
}

#[tokio::test]
async fn the_first_claim_of_a_server_setting_wins() {
    each_backend(|s| async move {
        assert_eq!(s.claim_setting("check", "first").await.unwrap(), "first");
        assert_eq!(s.claim_setting("check", "second").await.unwrap(), "first");
        assert_eq!(s.claim_setting("other", "x").await.unwrap(), "x");
    })
    .await;
}

#[tokio::test]
async fn work_is_written_in_batches_and_each_item_claimed_once() {
    use tessera_core::work::WorkItem;
    each_backend(|s| async move {
        let a = account("ann@example.com");
        s.create_account(&a, "h").await.unwrap();
        let shop = site("shop");
        s.create_site(&shop, a.id).await.unwrap();
        let item = |id: &str, due_at: i64| WorkItem {
            site_id: shop.id,
            id: id.into(),
            queue: "q".into(),
            owner: "o".into(),
            status: "pending".into(),
            step: 0,
            attempts: 0,
            due_at,
            doc: serde_json::json!({"n": id}),
            created_at: 1,
            updated_at: 1,
        };
        let new: Vec<WorkItem> = (0..30).map(|n| item(&format!("w{n:02}"), n)).collect();
        let queued = s.write_work(&new, &[]).await.unwrap();
        assert!(queued.iter().all(|q| *q) && queued.len() == 30);
        // Queued again with a change in the same transaction: the one already there stays.
        let mut done = new[0].clone();
        done.status = "done".into();
        let again = s
            .write_work(&[new[1].clone(), item("w99", 5_000)], &[done])
            .await
            .unwrap();
        assert_eq!(again, [false, true]);
        // Two claimers at once: each pending item due goes to one of them, longest due first.
        let (x, y) = tokio::join!(
            s.claim_due_work("q", 50, 1_000, 20),
            s.claim_due_work("q", 50, 1_000, 20)
        );
        let (x, y) = (x.unwrap(), y.unwrap());
        let mut ids: Vec<String> = x.iter().chain(&y).map(|w| w.id.clone()).collect();
        ids.sort();
        let expected: Vec<String> = (1..30).map(|n| format!("w{n:02}")).collect();
        assert_eq!(ids, expected);
        assert!(
            x.iter()
                .chain(&y)
                .all(|w| w.attempts == 1 && w.due_at == 1_000)
        );
        assert!(
            s.claim_due_work("q", 999, 2_000, 20)
                .await
                .unwrap()
                .is_empty()
        );
        // The leases run out: the items are due again, with w99.
        let late = s.claim_due_work("q", 5_000, 6_000, 50).await.unwrap();
        assert_eq!(late.len(), 30);
        assert!(
            late.iter()
                .all(|w| w.attempts == 1 + i32::from(w.id != "w99"))
        );
        // One group naming an item twice: it is queued once, and its last change stands.
        let twice = s
            .write_work(&[item("w98", 9_000), item("w98", 9_000)], &[])
            .await
            .unwrap();
        assert_eq!(twice, [true, false]);
        let (mut failed, mut done) = (new[2].clone(), new[2].clone());
        failed.status = "failed".into();
        done.status = "done".into();
        s.write_work(&[], &[failed, done]).await.unwrap();
        let stored = s.work_item(new[2].site_id, "w02").await.unwrap().unwrap();
        assert_eq!(stored.status, "done");
    })
    .await;
}
