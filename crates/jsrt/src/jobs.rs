//! Scheduled jobs from `backend/jobs.config`: Velo's JSON (with comments) naming an exported
//! function and either a `cronExpression` or a `time` with an optional `dayOfWeek` or
//! `dateInMonth`. All times are UTC; at most 20 jobs; none more often than hourly.

use std::str::FromStr;

use chrono::{DateTime, Duration, TimeZone, Utc};
use croner::Cron;
use serde::{Deserialize, Serialize};

use crate::code::CodeError;

pub const JOBS_CONFIG: &str = "backend/jobs.config";
pub const MAX_JOBS: usize = 20;

/// One job, its schedule as a 5-field cron expression.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSpec {
    /// Stable name of the job in run histories: `<file>#<function>`.
    pub key: String,
    /// The module, e.g. `backend/utils.js`.
    pub file: String,
    pub function: String,
    pub description: Option<String>,
    pub cron: String,
    #[serde(skip)]
    schedule: Option<Cron>,
}

impl JobSpec {
    /// Whether the job runs in the minute that starts at `minute`.
    pub fn due(&self, minute: DateTime<Utc>) -> bool {
        self.schedule
            .as_ref()
            .is_some_and(|c| c.is_time_matching(&minute).unwrap_or(false))
    }

    pub fn next_run(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.schedule
            .as_ref()?
            .find_next_occurrence(&after, false)
            .ok()
    }
}

#[derive(Deserialize)]
struct Config {
    jobs: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JobEntry {
    function_location: String,
    #[serde(default)]
    function_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    execution_config: ExecutionConfig,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExecutionConfig {
    cron_expression: Option<String>,
    time: Option<String>,
    day_of_week: Option<String>,
    // The Velo docs use both names.
    #[serde(alias = "dateOfMonth")]
    date_in_month: Option<u32>,
}

/// Parses `jobs.config` into the jobs that can run and a problem for each one that cannot,
/// as on Wix: a job that cannot be read, or runs more often than hourly, is reported and
/// skipped, and so are jobs past the first `MAX_JOBS`; the others run.
pub fn parse(text: &str) -> (Vec<JobSpec>, Vec<CodeError>) {
    let err = |message: String| CodeError {
        file: JOBS_CONFIG.into(),
        line: None,
        column: None,
        message,
    };
    let config: Config = match serde_json::from_str(&strip_comments(text)) {
        Ok(c) => c,
        Err(e) => {
            let error = CodeError {
                line: Some(e.line() as u32),
                column: Some(e.column() as u32),
                ..err(e.to_string())
            };
            return (Vec::new(), vec![error]);
        }
    };
    let mut errors = Vec::new();
    if config.jobs.len() > MAX_JOBS {
        errors.push(err(format!(
            "{} jobs; at most {MAX_JOBS} are allowed, so jobs {}–{} do not run",
            config.jobs.len(),
            MAX_JOBS + 1,
            config.jobs.len()
        )));
    }
    let mut jobs = Vec::new();
    for (n, entry) in config.jobs.into_iter().take(MAX_JOBS).enumerate() {
        let parsed = serde_json::from_value::<JobEntry>(entry)
            .map_err(|e| e.to_string())
            .and_then(job);
        match parsed {
            Ok(j) => jobs.push(j),
            Err(message) => errors.push(err(format!("job {}: {message}", n + 1))),
        }
    }
    (jobs, errors)
}

fn job(entry: JobEntry) -> Result<JobSpec, String> {
    let location = entry.function_location.trim_start_matches('/');
    // The older form puts the function in the location: "/module/file.funcName".
    let (module, function) = match entry.function_name {
        Some(f) => (location.to_string(), f),
        None => match location.rsplit_once('.') {
            Some((m, f)) if !f.is_empty() && f != "js" => (format!("{m}.js"), f.to_string()),
            _ => return Err("functionName is missing".into()),
        },
    };
    let file = format!("backend/{module}");
    let c = entry.execution_config;
    let cron = match (c.cron_expression, c.time) {
        // With both, Velo uses the cron expression.
        (Some(expr), _) => expr,
        (None, Some(time)) => {
            let (h, m) = time
                .split_once(':')
                .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
                .filter(|(h, m)| *h < 24 && *m < 60)
                .ok_or_else(|| format!("time {time:?} is not hh:mm"))?;
            match (c.day_of_week, c.date_in_month) {
                (Some(_), Some(_)) => return Err("give dayOfWeek or dateInMonth, not both".into()),
                (Some(day), None) => {
                    let days = [
                        "Sunday",
                        "Monday",
                        "Tuesday",
                        "Wednesday",
                        "Thursday",
                        "Friday",
                        "Saturday",
                    ];
                    let d = days
                        .iter()
                        .position(|x| x.eq_ignore_ascii_case(&day))
                        .ok_or_else(|| format!("dayOfWeek {day:?} is not a day name"))?;
                    format!("{m} {h} * * {d}")
                }
                (None, Some(date)) if (1..=31).contains(&date) => format!("{m} {h} {date} * *"),
                (None, Some(date)) => return Err(format!("dateInMonth {date} is not 1–31")),
                (None, None) => format!("{m} {h} * * *"),
            }
        }
        (None, None) => return Err("executionConfig needs cronExpression or time".into()),
    };
    if cron.split_whitespace().count() != 5 {
        return Err(format!("cronExpression {cron:?} must have 5 fields"));
    }
    let schedule = Cron::from_str(&cron).map_err(|e| format!("cronExpression {cron:?}: {e}"))?;
    if runs_more_than_hourly(&schedule) {
        return Err(format!(
            "cronExpression {cron:?} runs more often than once an hour"
        ));
    }
    Ok(JobSpec {
        key: format!("{file}#{function}"),
        file,
        function,
        description: entry.description,
        cron,
        schedule: Some(schedule),
    })
}

/// Whether two runs come less than an hour apart, over a sample of days.
fn runs_more_than_hourly(schedule: &Cron) -> bool {
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let end = start + Duration::days(62);
    let mut previous: Option<DateTime<Utc>> = None;
    let mut at = start;
    while let Ok(next) = schedule.find_next_occurrence(&at, false) {
        if next > end {
            break;
        }
        if previous.is_some_and(|p| next - p < Duration::hours(1)) {
            return true;
        }
        previous = Some(next);
        at = next;
    }
    false
}

/// JSON with `//` and `/* */` comments → JSON; strings are left alone.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_schedule_forms_and_comments_parse() {
        let jobs = parse(
            r#"// nightly work
            { "jobs": [
              { "functionLocation": "/utils.js", "functionName": "report", "description": "a // not a comment",
                "executionConfig": { "cronExpression": "0 8 * * MON" } },  /* weekly */
              { "functionLocation": "/utils.js", "functionName": "clean", "executionConfig": { "time": "01:30", "dateInMonth": 1 } },
              { "functionLocation": "/utils.js", "functionName": "tidy", "executionConfig": { "time": "23:05", "dayOfWeek": "Friday" } },
              { "functionLocation": "/tasks/old.sweep", "executionConfig": { "time": "02:00" } }
            ]}"#,
        );
        assert_eq!(jobs.1, []);
        let jobs = jobs.0;
        let crons: Vec<&str> = jobs.iter().map(|j| j.cron.as_str()).collect();
        assert_eq!(
            crons,
            ["0 8 * * MON", "30 1 1 * *", "5 23 * * 5", "0 2 * * *"]
        );
        assert_eq!(jobs[0].description.as_deref(), Some("a // not a comment"));
        assert_eq!(
            (jobs[3].file.as_str(), jobs[3].function.as_str()),
            ("backend/tasks/old.js", "sweep")
        );
        let monday_8 = Utc.with_ymd_and_hms(2024, 1, 8, 8, 0, 0).unwrap();
        assert!(jobs[0].due(monday_8));
        assert!(!jobs[0].due(monday_8 + Duration::minutes(1)));
    }

    #[test]
    fn bad_configs_name_the_job_and_the_problem() {
        let bad = |config: &str| parse(config).1[0].message.clone();
        let one = |exec: &str| {
            format!(
                r#"{{"jobs": [{{"functionLocation": "/a.js", "functionName": "f", "executionConfig": {exec}}}]}}"#
            )
        };
        assert!(
            bad(&one(r#"{"cronExpression": "*/5 * * * *"}"#))
                .contains("more often than once an hour")
        );
        assert!(bad(&one(r#"{"time": "25:00"}"#)).contains("not hh:mm"));
        assert!(
            bad(&one(r#"{"time": "01:00", "dayOfWeek": "Funday"}"#)).contains("not a day name")
        );
        assert!(bad(&one("{}")).contains("cronExpression or time"));
        assert!(bad(&one(r#"{"cronExpression": "nonsense"}"#)).starts_with("job 1:"));
        let many = format!(r#"{{"jobs": [{}]}}"#, vec![r#"{"functionLocation": "/a.js", "functionName": "f", "executionConfig": {"time": "01:00"}}"#; 21].join(","));
        assert!(bad(&many).contains("at most 20"));
        assert_eq!(parse(&many).0.len(), 20, "the first 20 run");
        assert!(!parse("{ not json").1.is_empty());
        // A bad job is skipped; the others run.
        let mixed = r#"{"jobs": [
          {"functionLocation": "/a.js", "functionName": "often", "executionConfig": {"cronExpression": "* * * * *"}},
          {"functionLocation": "/a.js", "functionName": "fine", "executionConfig": {"time": "01:00"}}]}"#;
        let (jobs, problems) = parse(mixed);
        assert_eq!((jobs.len(), jobs[0].function.as_str()), (1, "fine"));
        assert!(problems[0].message.starts_with("job 1:"), "{problems:?}");
    }
}
