//! GraphQL names for collections and fields, chosen the same way every time.
//!
//! A collection id or field key becomes a GraphQL name by these rules, in order:
//! 1. every character other than an ASCII letter, digit or `_` becomes `_`
//!    (`Stores/Products` → `Stores_Products`, `my-books` → `my_books`);
//! 2. a name starting with a digit gets a leading `_`, and one starting with `__` (kept for
//!    GraphQL's introspection) a leading `x`;
//! 3. a name already taken gets `_2`, `_3`, … appended. Collections claim their names in
//!    the order of their ids, fields in their collection's order after the system fields.
//!
//! Field keys are GraphQL names already (letters, digits and `_`), so only a key starting
//! with `__` changes.
//!
//! Each collection `T` claims, in one namespace with every other generated name: the types
//! `T` and `T_Page`, the queries `T` and `T_by_id`, and the mutations `insert_T`,
//! `update_T` and `remove_T`; `Query`, `Mutation`, `PageInfo`, `JSON` and GraphQL's own
//! scalars are taken from the start.

use std::collections::HashSet;

/// Names the schema itself uses.
const RESERVED: [&str; 9] = [
    "Query", "Mutation", "PageInfo", "JSON", "String", "Int", "Float", "Boolean", "ID",
];

/// `raw` made a valid GraphQL name (rules 1 and 2).
pub fn mangle(raw: &str) -> String {
    let mut name: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    } else if name.starts_with("__") {
        name.insert(0, 'x');
    }
    name
}

/// Names given out so far (rule 3).
pub struct Names(HashSet<String>);

impl Names {
    /// The namespace of types and root fields.
    pub fn schema() -> Self {
        Self(RESERVED.iter().map(|s| s.to_string()).collect())
    }

    /// The namespace of one type's fields.
    pub fn fields() -> Self {
        Self(HashSet::new())
    }

    /// The first of `raw`'s candidates whose every derived name (`derive(candidate)`) is
    /// free; claims them all and returns the candidate.
    pub fn claim(&mut self, raw: &str, derive: impl Fn(&str) -> Vec<String>) -> String {
        let base = mangle(raw);
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base}_{n}")
            };
            let derived = derive(&candidate);
            if derived.iter().all(|d| !self.0.contains(d)) {
                self.0.extend(derived);
                return candidate;
            }
            n += 1;
        }
    }

    /// A field name: `raw` mangled, made unique among this type's fields.
    pub fn field(&mut self, raw: &str) -> String {
        self.claim(raw, |n| vec![n.to_string()])
    }
}

/// Every name a collection whose type is `t` claims.
pub fn collection_names(t: &str) -> Vec<String> {
    vec![
        t.to_string(),
        format!("{t}_Page"),
        format!("{t}_by_id"),
        format!("insert_{t}"),
        format!("update_{t}"),
        format!("remove_{t}"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_mangled_predictably() {
        assert_eq!(mangle("Books"), "Books");
        assert_eq!(mangle("Stores/Products"), "Stores_Products");
        assert_eq!(mangle("my-books"), "my_books");
        assert_eq!(mangle("9lives"), "_9lives");
        assert_eq!(mangle("__secret"), "x__secret");
        let mut names = Names::schema();
        assert_eq!(names.claim("a-b", collection_names), "a_b");
        assert_eq!(names.claim("a_b", collection_names), "a_b_2");
        assert_eq!(names.claim("Query", collection_names), "Query_2");
        // `X_Page`'s own type would be `X_Page`, which X already claimed.
        assert_eq!(names.claim("a_b_Page", collection_names), "a_b_Page_2");
        let mut fields = Names::fields();
        assert_eq!(fields.field("_id"), "_id");
        assert_eq!(fields.field("first-name"), "first_name");
        assert_eq!(fields.field("first_name"), "first_name_2");
    }
}
