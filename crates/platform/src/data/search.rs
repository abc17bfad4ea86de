//! `POST /wix-data/v2/items/search`: text search over a collection's text fields, with the
//! query's filter, sort and paging. Each word of the expression matches any text field
//! (case-insensitive substring); mode `OR` (the default) wants any word, `AND` every word.
//! `fuzzy` is accepted and not applied.

use serde::Deserialize;
use serde_json::{Value, json};
use tessera_core::data::FieldType;

use super::{
    Answer, DataContext,
    collections::load,
    drafts::PublishPluginOptions,
    items::{QueryRequest, QuerySpec, run_query},
};
use crate::{
    Platform,
    error::{WixError, WixResult},
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    data_collection_id: String,
    #[serde(default)]
    search: SearchSpec,
    #[serde(default)]
    return_total_count: bool,
    #[serde(default)]
    include_references: Vec<super::references::Include>,
    #[serde(default)]
    publish_plugin_options: PublishPluginOptions,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SearchSpec {
    #[serde(flatten)]
    query: QuerySpec,
    #[serde(default)]
    search: Option<SearchText>,
}

#[derive(Deserialize)]
pub struct SearchText {
    #[serde(default)]
    expression: Option<String>,
    #[serde(default)]
    mode: Option<String>,
}

pub async fn search(state: &Platform, ctx: &DataContext, req: SearchRequest) -> WixResult<Answer> {
    let c = load(state, ctx, &req.data_collection_id).await?;
    let mut query = req.search.query;
    let text = req.search.search;
    let expression = text
        .as_ref()
        .and_then(|t| t.expression.as_deref())
        .unwrap_or("");
    let words: Vec<&str> = expression.split_whitespace().collect();
    if !words.is_empty() {
        let all = match text.as_ref().and_then(|t| t.mode.as_deref()) {
            None | Some("OR") => false,
            Some("AND") => true,
            Some(other) => {
                return Err(WixError::bad_request(format!(
                    "search.mode must be OR or AND, not {other}"
                )));
            }
        };
        let fields: Vec<&str> = c
            .fields
            .iter()
            .filter(|f| {
                matches!(
                    f.field_type,
                    FieldType::Text
                        | FieldType::RichText
                        | FieldType::Url
                        | FieldType::Email
                        | FieldType::Slug
                )
            })
            .map(|f| f.key.as_str())
            .collect();
        if fields.is_empty() {
            return Err(WixError::bad_request(format!(
                "collection {} declares no text fields to search",
                c.id
            )));
        }
        let per_word: Vec<Value> = words
            .iter()
            .map(|w| json!({ "$or": fields.iter().map(|f| json!({ *f: { "$contains": w } })).collect::<Vec<_>>() }))
            .collect();
        let matched = if all {
            json!({ "$and": per_word })
        } else {
            json!({ "$or": per_word })
        };
        query.filter = match std::mem::take(&mut query.filter) {
            Value::Null => matched,
            Value::Object(m) if m.is_empty() => matched,
            given => json!({ "$and": [given, matched] }),
        };
    }
    run_query(
        state,
        ctx,
        QueryRequest {
            data_collection_id: req.data_collection_id,
            query,
            return_total_count: req.return_total_count,
            include_references: req.include_references,
            publish_plugin_options: req.publish_plugin_options,
        },
    )
    .await
}
