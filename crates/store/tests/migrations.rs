//! Data migrations on every backend: a migration's SQL run over rows shaped as before it.

use serde_json::{Map, Value, json};
use tessera_core::{
    accounts::Account,
    data::{Collection, Field, FieldType, Item},
    ids::{AccountId, SiteId},
    members::{Member, MemberStatus},
    sites::Site,
    store::Backend,
};
use tessera_testkit::{TestDb, backends};

fn collection(site_id: SiteId, id: &str, fields: &[&str]) -> Collection {
    Collection {
        site_id,
        id: id.into(),
        display_name: id.into(),
        display_field: None,
        fields: fields
            .iter()
            .map(|f| Field::new(f, FieldType::Text))
            .collect(),
        permissions: Default::default(),
        indexes: Vec::new(),
        revision: 1,
        created_at: 0,
        updated_at: 0,
        show_drafts: false,
    }
}

fn item(id: &str, data: Value) -> Item {
    let data: Map<String, Value> = data.as_object().unwrap().clone();
    Item {
        id: id.into(),
        owner: None,
        created_at: 0,
        updated_at: 0,
        data,
    }
}

/// Runs a migration's SQL again, over rows written as they were before it.
async fn rerun(backend: Backend, url: &str, name: &str) {
    let dir = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let sql = std::fs::read_to_string(format!("migrations/{dir}/{name}")).unwrap();
    match backend {
        Backend::Sqlite => {
            let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(url)
                .await
                .unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut c)
                .await
                .unwrap();
        }
        Backend::Postgres => {
            let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(url)
                .await
                .unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut c)
                .await
                .unwrap();
        }
    }
}

/// 0015: members made before it have a contact with an id of its own; afterwards the contact,
/// its timeline and the member's mirror item name it by the member's id, and contacts of no
/// member (and other sites') keep theirs.
#[tokio::test]
async fn member_contacts_take_their_members_ids() {
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let store = db.store().await.unwrap();
        let owner = Account {
            id: AccountId::new(),
            email: "a@example.com".into(),
            name: "A".into(),
            created_at: 0,
        };
        store.create_account(&owner, "h").await.unwrap();
        let site = Site {
            id: SiteId::new(),
            slug: "shop".into(),
            name: "Shop".into(),
            created_at: 0,
        };
        store.create_site(&site, owner.id).await.unwrap();
        let mut member = Member::new(
            site.id,
            "ann@example.com".into(),
            MemberStatus::Approved,
            Map::new(),
        );
        member.contact_id = Some("c-old".into());
        store.create_member(&member, "h").await.unwrap();
        let contacts = collection(site.id, "Contacts/Contacts", &["email", "memberId"]);
        let activities = collection(site.id, "Contacts/Activities", &["contactId", "type"]);
        let mirror = collection(site.id, "Members/PrivateMembersData", &["contactId"]);
        for c in [&contacts, &activities, &mirror] {
            store.create_collection(c).await.unwrap();
        }
        store
            .insert_items(
                &contacts,
                &[
                    item(
                        "c-old",
                        json!({"email": "ann@example.com", "memberId": member.id}),
                    ),
                    item("c-form", json!({"email": "bob@example.com"})),
                ],
            )
            .await
            .unwrap();
        store
            .insert_items(
                &activities,
                &[
                    item("a1", json!({"contactId": "c-old", "type": "MEMBER_JOINED"})),
                    item(
                        "a2",
                        json!({"contactId": "c-form", "type": "FORM_SUBMITTED"}),
                    ),
                ],
            )
            .await
            .unwrap();
        store
            .insert_items(&mirror, &[item(&member.id, json!({"contactId": "c-old"}))])
            .await
            .unwrap();

        rerun(backend, &db.url, "0015_member_ids_are_contact_ids.sql").await;

        let stored = store.member(site.id, &member.id).await.unwrap().unwrap();
        assert_eq!(stored.contact_id.as_deref(), Some(member.id.as_str()));
        assert!(store.item(&contacts, "c-old").await.unwrap().is_none());
        let contact = store.item(&contacts, &member.id).await.unwrap().unwrap();
        assert_eq!(contact.data["email"], "ann@example.com");
        assert!(store.item(&contacts, "c-form").await.unwrap().is_some());
        let a1 = store.item(&activities, "a1").await.unwrap().unwrap();
        let a2 = store.item(&activities, "a2").await.unwrap().unwrap();
        assert_eq!(
            (&a1.data["contactId"], &a2.data["contactId"]),
            (&json!(member.id), &json!("c-form"))
        );
        let m = store.item(&mirror, &member.id).await.unwrap().unwrap();
        assert_eq!(m.data["contactId"], json!(member.id));
    }
}

/// 0022: carts and checkouts kept as items of `Stores/Carts` and `Stores/Checkouts` become
/// baskets (a cart found by its visitor and member), and the two collections are gone.
#[tokio::test]
async fn carts_and_checkouts_become_baskets() {
    use tessera_core::commerce::{BasketKind, BasketOwner};
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let store = db.store().await.unwrap();
        let owner = Account {
            id: AccountId::new(),
            email: "a@example.com".into(),
            name: "A".into(),
            created_at: 0,
        };
        store.create_account(&owner, "h").await.unwrap();
        let site = Site {
            id: SiteId::new(),
            slug: "shop".into(),
            name: "Shop".into(),
            created_at: 0,
        };
        store.create_site(&site, owner.id).await.unwrap();
        let carts = collection(site.id, "Stores/Carts", &["visitorId", "memberId"]);
        let checkouts = collection(site.id, "Stores/Checkouts", &["cartId"]);
        let kept = collection(site.id, "Stores/Products", &["name"]);
        for c in [&carts, &checkouts, &kept] {
            store.create_collection(c).await.unwrap();
        }
        let lines = json!([{"id": "l1", "quantity": 2}]);
        store
            .insert_items(
                &carts,
                &[
                    item("c1", json!({"visitorId": "v1", "lineItems": lines})),
                    item(
                        "c2",
                        json!({"visitorId": "v2", "memberId": "m2", "lineItems": []}),
                    ),
                ],
            )
            .await
            .unwrap();
        store
            .insert_items(
                &checkouts,
                &[item("k1", json!({"cartId": "c1", "lineItems": lines}))],
            )
            .await
            .unwrap();
        store
            .insert_items(&kept, &[item("p1", json!({"name": "Tee"}))])
            .await
            .unwrap();

        rerun(backend, &db.url, "0022_baskets_from_collections.sql").await;

        let c1 = store
            .basket_of(site.id, BasketKind::Cart, BasketOwner::Visitor("v1"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((c1.id.as_str(), &c1.doc["lineItems"]), ("c1", &lines));
        let c2 = store
            .basket_of(site.id, BasketKind::Cart, BasketOwner::Member("m2"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c2.id, "c2");
        let k1 = store
            .basket(site.id, BasketKind::Checkout, "k1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (k1.doc["cartId"].as_str(), k1.visitor_id),
            (Some("c1"), None)
        );
        assert!(
            store
                .collection(site.id, "Stores/Carts")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .collection(site.id, "Stores/Checkouts")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .collection(site.id, "Stores/Products")
                .await
                .unwrap()
                .is_some(),
            "others stay"
        );
    }
}
