//! The JSON Schema of a plan file (`cutover schema`, committed as
//! `docs/plan.schema.json`): every key of `docs/plan-format.md` with its
//! type, its values and a description in Vietnamese and English, so an
//! editor (taplo, Even Better TOML) completes and checks a plan that starts
//! with `#:schema ./plan.schema.json`.
//!
//! The schema says what an editor can: keys, types, fixed values. What needs
//! the whole plan (references, dates, the schedule) is `cutover check`'s.
//! A test compares this schema's key lists with the loader's, so the two
//! cannot drift.

use crate::rule::Rule;
use serde_json::{Map, Value, json};

/// `vi / en`.
fn d(vi: &str, en: &str) -> Value {
    Value::from(format!("{vi} / {en}"))
}

fn string(vi: &str, en: &str) -> Value {
    json!({ "type": "string", "description": d(vi, en) })
}

fn strings(vi: &str, en: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": d(vi, en) })
}

/// An id or a list of ids.
fn one_or_more(vi: &str, en: &str) -> Value {
    json!({
        "description": d(vi, en),
        "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ]
    })
}

fn boolean(vi: &str, en: &str) -> Value {
    json!({ "type": "boolean", "description": d(vi, en) })
}

fn enumeration(values: &[&str], vi: &str, en: &str) -> Value {
    json!({ "type": "string", "enum": values, "description": d(vi, en) })
}

/// A time expression: a string in the documents' forms (or a TOML date,
/// which an editor shows as such).
fn time(vi: &str, en: &str) -> Value {
    json!({ "type": "string", "description": d(vi, en), "examples": ["trước ngày 21/6/2025", "ngày 25/6/2025", "24 giờ 00 ngày 30/6/2025", "tháng 7/2025", "2025-06-21"] })
}

fn duration(vi: &str, en: &str) -> Value {
    json!({ "type": "string", "description": d(vi, en), "examples": ["4h", "1d 6h", "3 ngày làm việc", "3wd", "4 giờ làm việc", "4wh"] })
}

/// A closed object of `props`.
fn object(vi: &str, en: &str, props: Vec<(&str, Value)>, required: &[&str]) -> Value {
    let mut p = Map::new();
    for (k, v) in props {
        p.insert(k.to_string(), v);
    }
    let mut o = json!({ "type": "object", "description": d(vi, en), "properties": p, "additionalProperties": false });
    if !required.is_empty() {
        o["required"] = json!(required);
    }
    o
}

fn plan() -> Value {
    let rules: Map<String, Value> = Rule::ALL
        .iter()
        .filter(|r| !r.blocks_schedule())
        .map(|r| (r.name().to_string(), json!({ "type": "string", "enum": ["off", "warning", "error"], "description": r.doc() })))
        .collect();
    object(
        "Kế hoạch: mã, tên, thời điểm bắt đầu và chuyển đổi",
        "The plan: id, title, start and cutover",
        vec![
            ("id", string("Mã kế hoạch", "The plan's id")),
            ("title", string("Tên kế hoạch, như văn bản viết", "The plan's title, as the document writes it")),
            ("timezone", string("Múi giờ IANA hoặc độ lệch (+07:00)", "IANA time zone or offset (+07:00)")),
            ("start", time("Ngày bắt đầu kế hoạch", "The day the plan starts")),
            ("cutover", time("Thời điểm chuyển đổi (T-0)", "The cutover instant (T-0)")),
            ("include", one_or_more("Các tệp đưa vào kế hoạch", "Files included in the plan")),
            ("lang", enumeration(&["vi", "en"], "Ngôn ngữ in ra", "The language of what is printed")),
            ("window_end", time("Hết cửa sổ chuyển đổi: lúc dịch vụ phải trở lại", "End of the change window: when service must be back")),
            ("backout_warning", duration("Cảnh báo quay lui trước window_end bao lâu", "How long before window_end a backout turns amber")),
            (
                "rules",
                json!({ "type": "object", "description": d("Mức của từng quy tắc cho kế hoạch này", "Each rule's level for this plan"), "properties": rules, "additionalProperties": false }),
            ),
            ("groups", strings("Nhóm đơn vị các nhiệm vụ liên quan", "The groups of units the tasks concern")),
            (
                "calendar",
                string(
                    "Lịch làm việc của kế hoạch (hanh-chinh, 24/7 hoặc lịch riêng)",
                    "The plan's working calendar (hanh-chinh, 24/7 or a [calendar.*])",
                ),
            ),
        ],
        &[],
    )
}

fn task() -> Value {
    let phases: Vec<&str> = crate::model::Phase::ALL.iter().map(|(n, _)| *n).collect();
    let after_entry = json!({
        "anyOf": [
            { "type": "string" },
            {
                "type": "object",
                "properties": {
                    "task": string("Nhiệm vụ phải xong trước", "The task waited for"),
                    "lag": duration("Độ trễ (âm: làm trước)", "Lag (negative: a lead)"),
                    "type": enumeration(&["fs", "ss", "ff"], "Kiểu phụ thuộc", "Dependency type")
                },
                "required": ["task"],
                "additionalProperties": false
            }
        ]
    });
    let waiver = json!({
        "type": "object",
        "properties": {
            "rule": { "type": "string", "enum": Rule::ALL.iter().map(|r| r.name()).collect::<Vec<_>>() },
            "reason": string("Lý do", "The reason")
        },
        "required": ["rule", "reason"],
        "additionalProperties": false
    });
    let due = json!({
        "description": d(
            "Hạn, như văn bản viết; hoặc tính từ một sự kiện ({ after, within, or })",
            "The deadline in the document's words; or counted from an event ({ after, within, or })"
        ),
        "anyOf": [
            time("Hạn", "Deadline"),
            {
                "type": "object",
                "properties": {
                    "after": string("Nhiệm vụ làm mốc", "The task whose finish starts the count"),
                    "within": duration("Trong bao lâu", "Within how long"),
                    "or": time("Hoặc ngày này, nếu muộn hơn", "Or this day, if later")
                },
                "required": ["after"],
                "additionalProperties": false
            }
        ]
    });
    let not_before = json!({
        "description": d("Không bắt đầu trước", "Start no earlier than"),
        "anyOf": [
            time("Không bắt đầu trước", "Start no earlier than"),
            {
                "type": "object",
                "properties": { "after": string("Nhiệm vụ làm mốc", "The task"), "lag": duration("Độ trễ", "Lag") },
                "required": ["after"],
                "additionalProperties": false
            }
        ]
    });
    object(
        "Một nhiệm vụ",
        "A task",
        vec![
            ("id", string("Mã nhiệm vụ (chữ thường, số, . - _)", "Task id (lowercase, digits, . - _)")),
            ("title", string("Nội dung, như văn bản viết", "Title, as the document writes it")),
            ("lead", one_or_more("Đơn vị chủ trì", "Lead org(s)")),
            ("support", one_or_more("Đơn vị phối hợp", "Supporting org(s)")),
            ("system", string("Hệ thống", "System")),
            ("phase", enumeration(&phases, "Giai đoạn", "Phase")),
            ("due", due),
            ("not_before", not_before),
            ("at", time("Thời điểm xảy ra (ghim)", "The instant it happens (pinned)")),
            ("duration", duration("Thời lượng", "Duration")),
            (
                "after",
                json!({ "description": d("Phải xong trước", "Waits for"), "anyOf": [ after_entry.clone(), { "type": "array", "items": after_entry } ] }),
            ),
            ("scope", enumeration(&["plan", "unit"], "Một lần, hoặc mỗi đơn vị", "Once, or per unit")),
            ("wave", string("Đợt (leaders, heads, staff)", "Wave (leaders, heads, staff)")),
            ("source", string("Văn bản và mục (kh-2025-06 II.3.b)", "Source document and clause (kh-2025-06 II.3.b)")),
            ("steps", strings("Các bước", "Steps")),
            ("note", string("Ghi chú", "Note")),
            (
                "waive",
                json!({ "description": d("Bỏ qua một phát hiện, có lý do", "Waive a finding, with the reason"), "anyOf": [ waiver.clone(), { "type": "array", "items": waiver } ] }),
            ),
            ("approvers", one_or_more("Đơn vị quyết định go/no-go", "Orgs that decide go/no-go")),
            (
                "quorum",
                json!({ "description": d("Số người cần đồng ý, hoặc all", "How many must say go, or all"), "anyOf": [ { "type": "string", "enum": ["all"] }, { "type": "integer", "minimum": 1 } ] }),
            ),
            ("criteria", strings("Tiêu chí quyết định", "What the approvers check")),
            ("undoes", one_or_more("Bước quay lui: hoàn tác các nhiệm vụ này", "Backout step: undoes these tasks")),
            ("point_of_no_return", boolean("Điểm không thể quay lui", "Point of no return")),
            ("groups", strings("Nhóm đơn vị liên quan", "Groups of units concerned")),
            ("calendar", string("Lịch làm việc riêng", "The task's own calendar")),
            (
                "repeat",
                object(
                    "Các tháng của nhiệm vụ định kỳ",
                    "The months a recurring duty covers",
                    vec![("from", time("Từ tháng", "From month")), ("to", time("Đến tháng", "To month"))],
                    &["from", "to"],
                ),
            ),
        ],
        &["id", "title", "lead"],
    )
}

/// The schema, as `cutover schema` prints it.
pub fn plan_schema() -> Value {
    let legacy = json!({
        "anyOf": [
            { "type": "string" },
            { "type": "object", "properties": { "name": { "type": "string" }, "code": { "type": "string" } }, "required": ["name"], "additionalProperties": false }
        ]
    });
    let org = object(
        "Cơ quan, đơn vị",
        "An organisation",
        vec![
            ("name", string("Tên", "Name")),
            ("short", string("Tên ngắn", "Short name")),
            ("kind", string("Loại", "Kind")),
            ("per_unit", boolean("Là cơ quan của từng đơn vị (UBND xã)", "Stands for each unit's own body")),
            ("calendar", string("Lịch làm việc", "Working calendar")),
        ],
        &["name"],
    );
    let system = object(
        "Hệ thống thông tin",
        "An information system",
        vec![
            ("name", string("Tên", "Name")),
            ("owner", string("Đơn vị chủ quản", "Owner org")),
            ("vendor", one_or_more("Đơn vị cung cấp", "Vendor org(s)")),
            ("calendar", string("Lịch làm việc", "Working calendar")),
        ],
        &["name"],
    );
    let unit = object(
        "Đơn vị hành chính mới",
        "A new administrative unit",
        vec![
            ("id", string("Mã", "Id")),
            ("name", string("Tên", "Name")),
            ("kind", string("Loại", "Kind")),
            ("code", string("Mã đơn vị", "Unit code")),
            ("domain", string("Tên miền", "Domain")),
            (
                "legacy",
                json!({ "type": "array", "items": legacy, "description": d("Các đơn vị cũ hợp nhất", "Former units merged into it") }),
            ),
            ("former_province", string("Tỉnh cũ", "Former province")),
            ("former_districts", strings("Huyện cũ", "Former districts")),
            ("groups", strings("Nhóm", "Groups")),
        ],
        &["id", "name"],
    );
    let source = object(
        "Văn bản nguồn",
        "A source document",
        vec![
            ("id", string("Mã", "Id")),
            ("title", string("Trích yếu", "Title")),
            ("number", string("Số hiệu", "Number")),
            ("date", string("Ngày ban hành", "Date of issue")),
            ("file", string("Tệp văn bản", "The document's file")),
            ("issued_after", string("Ban hành sau ngày", "Issued after")),
        ],
        &["id", "title"],
    );
    let calendar = object(
        "Lịch làm việc",
        "A working calendar",
        vec![
            ("name", string("Tên", "Name")),
            (
                "hours",
                json!({ "description": d("Giờ làm việc: \"24/7\" hoặc các khoảng (\"7:30-11:30\")", "Working hours: \"24/7\" or periods (\"7:30-11:30\")"), "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] }),
            ),
            ("days", strings("Ngày làm việc (T2 … T7, CN)", "Working days (T2 … T7, CN or mon … sun)")),
            (
                "holidays",
                json!({ "description": d("Ngày nghỉ lễ: vn hoặc none", "Public holidays: vn or none"), "anyOf": [ { "type": "string", "enum": ["vn", "none"] }, { "type": "boolean" } ] }),
            ),
        ],
        &[],
    );
    let holiday = object(
        "Ngày nghỉ (hoặc ngày làm bù) riêng của kế hoạch",
        "A day off (or make-up working day) of the plan's own",
        vec![
            ("date", time("Ngày", "Day")),
            ("to", time("Đến ngày", "Last day of a range")),
            ("name", string("Tên", "Name")),
            ("working", boolean("Ngày làm bù", "A make-up working day")),
            ("calendars", strings("Áp dụng cho các lịch", "The calendars it applies to")),
        ],
        &["date"],
    );
    let map_of = |v: Value, vi: &str, en: &str| json!({ "type": "object", "description": d(vi, en), "additionalProperties": v });
    let array_of = |v: Value, vi: &str, en: &str| json!({ "type": "array", "description": d(vi, en), "items": v });
    let mut top = object(
        "Tệp kế hoạch cutover (docs/plan-format.md)",
        "A cutover plan file (docs/plan-format.md)",
        vec![
            ("plan", plan()),
            ("source", array_of(source, "Văn bản nguồn", "Source documents")),
            ("org", map_of(org, "Cơ quan, đơn vị", "Organisations")),
            ("system", map_of(system, "Hệ thống", "Systems")),
            ("unit", array_of(unit, "Đơn vị hành chính", "Units")),
            ("task", array_of(task(), "Nhiệm vụ", "Tasks")),
            ("include", one_or_more("Các tệp đưa vào", "Included files")),
            ("calendar", map_of(calendar, "Lịch làm việc", "Working calendars")),
            ("holiday", array_of(holiday, "Ngày nghỉ riêng", "Days off of the plan's own")),
        ],
        &[],
    );
    top["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    top["title"] = json!("cutover plan");
    top
}

/// The schema as committed (`docs/plan.schema.json`): pretty, one newline.
pub fn text() -> String {
    let mut s = serde_json::to_string_pretty(&plan_schema()).expect("a schema serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    /// Every key the loader reads is in the schema, and no other.
    #[test]
    fn the_schema_has_the_loaders_keys() {
        let schema = super::plan_schema();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v["properties"].as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        let p = &schema["properties"];
        for (name, node) in [
            ("top", &schema),
            ("plan", &p["plan"]),
            ("source", &p["source"]["items"]),
            ("org", &p["org"]["additionalProperties"]),
            ("system", &p["system"]["additionalProperties"]),
            ("unit", &p["unit"]["items"]),
            ("task", &p["task"]["items"]),
            ("calendar", &p["calendar"]["additionalProperties"]),
            ("holiday", &p["holiday"]["items"]),
        ] {
            let mut want: Vec<String> = crate::load::known_keys(name).iter().map(|s| s.to_string()).collect();
            want.sort();
            assert_eq!(keys(node), want, "{name}");
        }
    }
}
