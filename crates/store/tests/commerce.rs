//! Stock and orders on every backend: holds never oversell under concurrency, an order per
//! checkout, numbers from the site's own sequence, and stock changes with order changes.

use std::sync::Arc;

use serde_json::json;
use tessera_core::{
    Error, Store,
    accounts::Account,
    commerce::{OrderFilter, OrderRecord, StockChange, StockLevel, StockLine, Use},
    ids::{AccountId, SiteId},
    now_millis,
    sites::Site,
};
use tessera_testkit::{TestDb, backends};

async fn shop(s: &Arc<dyn Store>, slug: &str) -> SiteId {
    let a = Account {
        id: AccountId::new(),
        email: format!("{slug}@example.com"),
        name: "Ann".into(),
        created_at: now_millis(),
    };
    s.create_account(&a, "h").await.unwrap();
    let site = Site {
        id: SiteId::new(),
        slug: slug.into(),
        name: "Shop".into(),
        created_at: now_millis(),
    };
    s.create_site(&site, a.id).await.unwrap();
    site.id
}

fn level(product: &str, variant: &str, quantity: i64) -> StockLevel {
    StockLevel {
        product_id: product.into(),
        variant_id: variant.into(),
        track_quantity: true,
        quantity,
        reserved: 0,
        in_stock: true,
        preorder: false,
    }
}

fn line(product: &str, variant: &str, quantity: i64) -> StockLine {
    StockLine {
        product_id: product.into(),
        variant_id: variant.into(),
        quantity,
    }
}

fn order(site: SiteId, checkout: Option<&str>) -> OrderRecord {
    OrderRecord {
        site_id: site,
        id: uuid::Uuid::now_v7().to_string(),
        number: 0,
        checkout_id: checkout.map(str::to_string),
        status: "INITIALIZED".into(),
        payment_status: "NOT_PAID".into(),
        fulfillment_status: "NOT_FULFILLED".into(),
        archived: false,
        buyer_email: "bo@example.com".into(),
        buyer_name: "Bo Buyer".into(),
        created_at: now_millis(),
        updated_at: now_millis(),
        revision: 0,
        doc: json!({}),
    }
}

async fn stock_of(s: &Arc<dyn Store>, site: SiteId, product: &str) -> Vec<(i64, i64)> {
    s.stock(site, &[product.to_string()])
        .await
        .unwrap()
        .iter()
        .map(|l| (l.quantity, l.reserved))
        .collect()
}

#[tokio::test]
async fn concurrent_orders_never_take_more_than_the_stock() {
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let s = db.store().await.unwrap();
        let site = shop(&s, "shop").await;
        s.put_stock(site, &[level("p1", "v1", 10), level("p2", "v1", 1000)])
            .await
            .unwrap();
        let tasks: Vec<_> = (0..60)
            .map(|i| {
                let s = Arc::clone(&s);
                tokio::spawn(async move {
                    // Two variants in either order: locks are taken sorted, so no deadlock.
                    let mut holds = vec![line("p1", "v1", 1), line("p2", "v1", 1)];
                    if i % 2 == 1 {
                        holds.reverse();
                    }
                    s.place_order(&order(site, None), &holds, now_millis() + 60_000, &[])
                        .await
                })
            })
            .collect();
        let mut placed = Vec::new();
        let mut short = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(o) => placed.push(o),
                Err(Error::Conflict {
                    field: "inventory", ..
                }) => short += 1,
                Err(e) => panic!("{backend:?}: {e:?}"),
            }
        }
        assert_eq!((placed.len(), short), (10, 50), "{backend:?}");
        let mut numbers: Vec<i64> = placed.iter().map(|o| o.number).collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), 10, "{backend:?}: numbers are unique");
        assert_eq!(stock_of(&s, site, "p1").await, vec![(10, 10)]);
        assert_eq!(stock_of(&s, site, "p2").await, vec![(1000, 10)]);

        // Paying one turns its hold into a sale; cancelling another releases its hold.
        let paid = &placed[0];
        let mut o = paid.clone();
        o.payment_status = "PAID".into();
        let lines = vec![line("p1", "v1", 1), line("p2", "v1", 1)];
        let (o, available_changed) = s
            .update_order(&o, &StockChange::Commit(lines.clone()))
            .await
            .unwrap();
        assert_eq!(o.revision, 2);
        assert!(!available_changed, "its holds covered the sale");
        assert_eq!(stock_of(&s, site, "p1").await, vec![(9, 9)]);
        let mut c = placed[1].clone();
        c.status = "CANCELED".into();
        let (c, available_changed) = s.update_order(&c, &StockChange::Release).await.unwrap();
        assert!(available_changed);
        assert_eq!(stock_of(&s, site, "p1").await, vec![(9, 8)]);
        // A sale with no hold left (as when it expired) takes from what is available.
        let mut late = c.clone();
        late.status = "APPROVED".into();
        let (_, available_changed) = s
            .update_order(&late, &StockChange::Commit(vec![line("p1", "v1", 1)]))
            .await
            .unwrap();
        assert!(available_changed);
        assert_eq!(stock_of(&s, site, "p1").await, vec![(8, 8)]);
        // A change from a stale read is refused and changes nothing.
        let err = s
            .update_order(&placed[0], &StockChange::Release)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Conflict {
                    field: "revision",
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(stock_of(&s, site, "p1").await, vec![(8, 8)]);
        // Refunded with restock: back on the shelf.
        s.update_order(&o, &StockChange::Restock(lines))
            .await
            .unwrap();
        assert_eq!(stock_of(&s, site, "p1").await, vec![(9, 8)]);
    }
}

#[tokio::test]
async fn one_order_per_checkout_and_holds_expire() {
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let s = db.store().await.unwrap();
        let site = shop(&s, "shop").await;
        let other = shop(&s, "other").await;
        s.put_stock(site, &[level("p", "v", 5)]).await.unwrap();
        let first = s
            .place_order(&order(site, Some("c1")), &[line("p", "v", 2)], 1_000, &[])
            .await
            .unwrap();
        assert_eq!(first.number, 10001);
        let again = s
            .place_order(&order(site, Some("c1")), &[line("p", "v", 2)], 1_000, &[])
            .await
            .unwrap();
        assert_eq!(again.id, first.id, "{backend:?}: the same checkout's order");
        assert_eq!(stock_of(&s, site, "p").await, vec![(5, 2)], "held once");
        // Another site's numbers are its own.
        let theirs = s
            .place_order(&order(other, None), &[], 0, &[])
            .await
            .unwrap();
        assert_eq!(theirs.number, 10001);
        let second = s
            .place_order(&order(site, Some("c2")), &[line("p", "v", 3)], 5_000, &[])
            .await
            .unwrap();
        assert_eq!(second.number, 10002);
        // Too many for what is left: refused, nothing stored.
        let err = s
            .place_order(&order(site, Some("c3")), &[line("p", "v", 1)], 5_000, &[])
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            Error::Conflict {
                field: "inventory",
                ..
            }
        ));
        let (all, total) = s
            .orders(site, &OrderFilter::default(), true, 0, 50)
            .await
            .unwrap();
        assert_eq!((all.len(), total), (2, 2));
        assert_eq!(all[0].id, second.id, "newest first");

        assert_eq!(
            s.expired_holds(2_000, 10).await.unwrap(),
            vec![(site, first.id.clone())]
        );
        s.update_order(&first, &StockChange::Release).await.unwrap();
        assert_eq!(stock_of(&s, site, "p").await, vec![(5, 3)]);
        assert!(s.expired_holds(2_000, 10).await.unwrap().is_empty());

        // Searches by status, number, email.
        let mut paid = second.clone();
        paid.payment_status = "PAID".into();
        s.update_order(&paid, &StockChange::None).await.unwrap();
        let by = |f: OrderFilter| {
            let s = Arc::clone(&s);
            async move { s.orders(site, &f, true, 0, 50).await.unwrap().1 }
        };
        assert_eq!(
            by(OrderFilter {
                payment_status: vec!["PAID".into(), "PENDING".into()],
                ..OrderFilter::default()
            })
            .await,
            1
        );
        assert_eq!(
            by(OrderFilter {
                search: Some("10002".into()),
                ..OrderFilter::default()
            })
            .await,
            1
        );
        assert_eq!(
            by(OrderFilter {
                search: Some("BO@EXAMPLE".into()),
                ..OrderFilter::default()
            })
            .await,
            2
        );
        // Restricted decrements never go below what is available.
        let err = s
            .adjust_stock(site, &[line("p", "v", -3)], true)
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            Error::Conflict {
                field: "inventory",
                ..
            }
        ));
        s.adjust_stock(site, &[line("p", "v", -2)], true)
            .await
            .unwrap();
        assert_eq!(stock_of(&s, site, "p").await, vec![(3, 3)]);
        s.remove_stock(site, "p", &[]).await.unwrap();

        // A coupon used at most twice: the third order is refused and stores nothing.
        let once = |n: i64| {
            vec![Use {
                name: "coupon:c".into(),
                limit: Some(n),
            }]
        };
        s.place_order(&order(site, None), &[], 0, &once(2))
            .await
            .unwrap();
        s.place_order(&order(site, None), &[], 0, &once(2))
            .await
            .unwrap();
        let err = s
            .place_order(&order(site, None), &[], 0, &once(2))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Conflict { field: "uses", .. }),
            "{err:?}"
        );
        assert_eq!(
            s.uses(site, &["coupon:c".into(), "x".into()])
                .await
                .unwrap(),
            vec![2, 0]
        );
        s.give_back(site, &["coupon:c".into()]).await.unwrap();
        s.place_order(&order(site, None), &[], 0, &once(2))
            .await
            .unwrap();
        let (_, total) = s
            .orders(site, &OrderFilter::default(), true, 0, 50)
            .await
            .unwrap();
        assert_eq!(total, 5, "the refused order left nothing");
        assert!(stock_of(&s, site, "p").await.is_empty());
    }
}

#[tokio::test]
async fn baskets_are_found_by_owner_and_saved_only_as_read() {
    use tessera_core::commerce::{Basket, BasketKind, BasketOwner};
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let s = db.store().await.unwrap();
        let site = shop(&s, "baskets").await;
        let cart = |id: &str, visitor: &str, member: Option<&str>, at| Basket {
            site_id: site,
            kind: BasketKind::Cart,
            id: id.into(),
            visitor_id: Some(visitor.into()),
            member_id: member.map(str::to_string),
            email: None,
            completed: false,
            abandoned_at: None,
            created_at: at,
            updated_at: at,
            doc: json!({"lineItems": [], "visitorId": visitor})
                .as_object()
                .unwrap()
                .clone(),
        };
        assert!(s.insert_basket(&cart("c1", "v1", None, 1)).await.unwrap());
        assert!(
            !s.insert_basket(&cart("c1", "v2", None, 1)).await.unwrap(),
            "the id is taken"
        );
        assert!(
            s.insert_basket(&cart("c2", "v1", Some("m1"), 2))
                .await
                .unwrap()
        );
        // A visitor's cart is one no member has taken; a member's is the newest they own.
        let found = s
            .basket_of(site, BasketKind::Cart, BasketOwner::Visitor("v1"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, "c1");
        let found = s
            .basket_of(site, BasketKind::Cart, BasketOwner::Member("m1"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, "c2");
        assert!(
            s.basket_of(site, BasketKind::Checkout, BasketOwner::Member("m1"))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.basket(site, BasketKind::Checkout, "c1")
                .await
                .unwrap()
                .is_none(),
            "another kind"
        );

        // Saved only if unchanged since it was read.
        let mut next = cart("c1", "v1", None, 1);
        next.updated_at = 5;
        next.doc.insert("buyerNote".into(), json!("hi"));
        s.update_basket(&next, 1).await.unwrap();
        let err = s.update_basket(&next, 1).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Conflict {
                    field: "updatedAt",
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            s.basket(site, BasketKind::Cart, "c1")
                .await
                .unwrap()
                .unwrap()
                .doc["buyerNote"],
            "hi"
        );
        assert!(s.remove_basket(site, BasketKind::Cart, "c1").await.unwrap());
        assert!(!s.remove_basket(site, BasketKind::Cart, "c1").await.unwrap());
        assert!(matches!(
            s.update_basket(&next, 5).await.unwrap_err(),
            Error::NotFound(_)
        ));
    }
}
