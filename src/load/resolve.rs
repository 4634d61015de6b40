//! Resolving: duplicate ids, then every reference by name to an index (with
//! the closest id when it names nothing), on every core. What does not
//! resolve is kept as [`Unresolved`] data; the rules `duplicate-id` and
//! `unknown-reference` (`src/rules/`) report it.

use super::*;

/// Tasks a resolver thread should get at least when threads must be
/// started for it: a plan of fewer than twice this many is then resolved
/// on the loading thread (a 5,000-task plan in ~0.7 ms, less than two
/// threads cost to start and to give fresh memory).
const RESOLVE_MIN_EACH: usize = 16_384;

/// The same while kept threads are already running (a large file's
/// readers): handing them a share costs ~0.03 ms, a thousand tasks' worth.
const RESOLVE_MIN_WARM: usize = 1_024;

/// Shares of the tasks to resolve per thread.
const RESOLVE_SHARES_EACH: usize = 4;

/// Unknown names in tasks that get the closest id (each scans every id).
const SUGGESTIONS: u32 = 200;

/// How many tasks ahead of the one being resolved the id slots its `after`
/// names are in are fetched (about twice as many names).
const RESOLVE_AHEAD: usize = 4;

/// How many entries ahead of the one being added to an id table its slot
/// is fetched.
const DEDUP_AHEAD: usize = 8;

impl Loader {
    pub(super) fn finish(mut self) -> Loaded {
        if self.dropped_entries > 0 {
            self.findings.push(
                Finding::new(
                    Rule::TooLarge,
                    Some(Span::new(FileId(0), 0..0)),
                    crate::t!("load.too-many-entries", max = MAX_ENTRIES, dropped = self.dropped_entries),
                )
                .help(crate::t!("load.too-many-entries-help")),
            );
        }
        let mut raw = std::mem::take(&mut self.raw);
        let mut meta = raw.meta.take().unwrap_or_else(|| PlanMeta {
            id: String::new(),
            title: String::new(),
            tz: PlanTz::default(),
            start: None,
            cutover: None,
            lang: Lang::Vi,
            window_end: None,
            backout_warning: None,
            rule_levels: Vec::new(),
            groups: Vec::new(),
            groups_span: None,
            calendar: None,
            span: Span::new(FileId(0), 0..0),
        });
        if let Some(lang) = self.opts.lang {
            meta.lang = lang;
        }
        if !self.has_plan_table && !self.syntax_errors {
            self.findings.push(
                Finding::new(Rule::MissingKey, Some(Span::new(FileId(0), 0..0)), crate::t!("load.no-plan"))
                    .label(crate::t!("load.no-plan-label"))
                    .help(crate::t!("load.no-plan-help")),
            );
        }
        let Raw { mut sources, mut orgs, mut units, systems: mut systems_raw, mut tasks, task_refs, parts, calendars, holidays, .. } = raw;
        let parts = &parts[..];
        let mut unresolved = Vec::new();
        let mut resolver =
            Resolver { unresolved: &mut unresolved, parts, report_unknown: !self.syntax_errors, suggestions_left: SUGGESTIONS };
        let mut ids = Ids::default();

        let _ = resolver.dedup("source", &mut sources, |s| &s.0.id, |s| s.1, &mut ids.sources);
        let _ = resolver.dedup("org", &mut orgs, |o| &o.0.id, |o| o.1, &mut ids.orgs);
        let _ = resolver.dedup("unit", &mut units, |u| &u.0.id, |u| u.1, &mut ids.units);
        let _ = resolver.dedup("system", &mut systems_raw, |s| &s.id, |s| s.id_span, &mut ids.systems);
        let sources: Vec<DocSource> = sources.into_iter().map(|s| s.0).collect();
        let orgs: Vec<Org> = orgs.into_iter().map(|s| s.0).collect();
        let units: Vec<Unit> = units.into_iter().map(|s| s.0).collect();
        crate::progress::phase(crate::progress::Phase::DedupSmall);
        let keep = resolver.dedup("task", &mut tasks, |t| &t.id, |t| t.spans.id_key(), &mut ids.tasks);
        let mut keep = keep.into_iter();
        let mut task_refs = task_refs;
        task_refs.retain(|_| keep.next().unwrap_or(false));

        crate::progress::phase(crate::progress::Phase::DedupTasks);
        let systems: Vec<System> = systems_raw
            .into_iter()
            .map(|s| {
                let refs = &parts[s.part as usize];
                let owner = s.owner.and_then(|n| resolver.org(&ids, refs.named(&n), "system", &s.id, "owner"));
                let vendor = refs.names[s.vendor.range()]
                    .iter()
                    .filter_map(|n| resolver.org(&ids, refs.named(n), "system", &s.id, "vendor"))
                    .collect();
                System { id: s.id, name: s.name, owner, vendor, calendar: s.calendar, span: s.span }
            })
            .collect();

        // References are resolved in place, in shares of the tasks taken in
        // turn by this thread and kept threads; findings come back in task
        // order, and the first unknown names get their closest id afterwards
        // (the same ones whichever thread found them).
        let tz = meta.tz;
        let report_unknown = resolver.report_unknown;
        let workers = crate::par::workers_warm(tasks.len(), RESOLVE_MIN_EACH, RESOLVE_MIN_WARM, 8);
        // A few shares a thread: one that starts late takes fewer.
        let per = if workers == 1 { tasks.len().max(1) } else { tasks.len().div_ceil(workers * RESOLVE_SHARES_EACH).max(1) };
        let mut ref_parts: Vec<Vec<TaskRefs>> = Vec::new();
        let mut rest = task_refs;
        // From the end: each split copies only the share it cuts off.
        for start in (0..rest.len()).step_by(per).rev() {
            ref_parts.push(rest.split_off(start));
        }
        ref_parts.reverse();
        let ids_ref = &ids;
        // The occurrences of each duty that recurs, by the id it is written with.
        let mut recurring: HashMap<String, Vec<TaskIx>> = HashMap::new();
        for (i, t) in tasks.iter().enumerate() {
            if let Some(o) = t.occurrence() {
                recurring.entry(o.of.clone()).or_default().push(TaskIx(i as u32));
            }
        }
        let recurring_ref = &recurring;
        let tz_ref = &tz;
        let resolve_part = move |ts: &mut [Task], rs: Vec<TaskRefs>| {
            let mut found = Vec::new();
            let mut r = Resolver { unresolved: &mut found, parts, report_unknown, suggestions_left: 0 };
            resolve_tasks(&mut r, ts, rs, ids_ref, tz_ref, recurring_ref);
            found
        };
        let shares: Vec<_> = tasks.chunks_mut(per).zip(ref_parts).map(|s| std::sync::Mutex::new((Some(s), Vec::new()))).collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = || {
            while let Some(share) = shares.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                let mut share = share.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if let Some((ts, rs)) = share.0.take() {
                    share.1 = resolve_part(ts, rs);
                }
            }
        };
        if workers == 1 {
            work();
        } else {
            crate::par::ensure_helpers(workers - 1);
            crate::par::scope(|scope| {
                for _ in 1..workers {
                    scope.spawn(work);
                }
                work();
            });
        }
        let first = unresolved.len();
        for share in shares {
            unresolved.extend(share.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).1);
        }
        suggest(&mut unresolved[first..], &ids, SUGGESTIONS);
        crate::progress::phase(crate::progress::Phase::ResolveTasks);
        // Task indices in findings from resolution refer to the deduplicated list.
        let max_instances = self.opts.max_instances.min(HARD_MAX_INSTANCES);
        let unit_sets = unit_sets(&units, &mut tasks, (&meta.groups, meta.groups_span), &mut self.findings);
        let (calendars, holidays) = if report_unknown {
            super::working_time::build_calendars(&meta, calendars, holidays, &orgs, &systems, &mut tasks, &mut unresolved)
        } else {
            (Vec::new(), Vec::new())
        };
        let plan =
            Plan { files: self.files, meta, sources, orgs, systems, units, tasks, ids, unit_sets, max_instances, calendars, holidays };
        if !plan.within_instance_cap() {
            let instances = plan.instances();
            let unit_tasks = plan.tasks.iter().filter(|t| t.is_unit()).count();
            self.findings.push(
                Finding::new(
                    Rule::TooLarge,
                    Some(plan.meta.span),
                    crate::t!(
                        "load.too-many-instances",
                        instances = instances,
                        units = plan.units.len(),
                        unit_tasks = unit_tasks,
                        plan_tasks = plan.tasks.len() - unit_tasks,
                        max = max_instances
                    ),
                )
                .label(crate::t!("load.too-many-instances-label"))
                .help(crate::t!("load.too-many-instances-help", max = HARD_MAX_INSTANCES)),
            );
        }
        Loaded { plan, findings: self.findings, has_plan_table: self.has_plan_table, dropped_findings: self.dropped, unresolved }
    }
}

/// Resolves the references of `tasks` (`refs[i]` belongs to `tasks[i]`) and
/// fills in their instants in the plan's zone.
pub(super) fn resolve_tasks(
    resolver: &mut Resolver,
    tasks: &mut [Task],
    task_refs: Vec<TaskRefs>,
    ids: &Ids,
    tz: &PlanTz,
    recurring: &HashMap<String, Vec<TaskIx>>,
) {
    let mut task_refs = task_refs;
    for i in 0..tasks.len().min(task_refs.len()) {
        // The slots of the names a task a few places on waits for are
        // fetched now, so its lookups find them in cache (a table of a
        // million ids is otherwise a cache miss a name).
        if let (Some(t), Some(r)) = (tasks.get(i + RESOLVE_AHEAD), task_refs.get(i + RESOLVE_AHEAD)) {
            let refs = &resolver.parts[r.part as usize];
            for n in t.after.iter().filter_map(|d| refs.names.get(d.task.ix())) {
                ids.tasks.prefetch(ids.tasks.hash(refs.named(n).0));
            }
        }
        let r = TaskRefs { part: task_refs[i].part, source: task_refs[i].source.take() };
        let t = &mut tasks[i];
        // A pinned task (`at`) finishes exactly then: it is due no later and
        // starts no earlier than its duration before.
        let pin = t.pin().map(|p| p.expr.due(tz));
        let due = t.due.as_ref().map(|d| d.expr.due(tz));
        let not_before = t.not_before.as_ref().and_then(|d| d.expr.not_before(tz));
        t.at = TaskTimes::new(
            match (due, pin) {
                (Some(d), Some(p)) => Some(d.min(p)),
                (d, p) => d.or(p),
            },
            t.due.as_ref().and_then(|d| d.expr.window_start(tz)),
            match (not_before, pin) {
                (nb, Some(p)) => {
                    Some(nb.map_or(crate::time::Instant(p.0 - t.duration), |nb| nb.max(crate::time::Instant(p.0 - t.duration))))
                }
                (nb, None) => nb,
            },
        );
        let refs = &resolver.parts[r.part as usize];
        let Task { id, lead, support, system, after, more, .. } = t;
        let who = id.as_str();
        let mut implicit: Vec<Dep> = Vec::new();
        if let Some(m) = more.as_deref_mut() {
            if let Some(g) = &mut m.gate {
                resolve_in_place(&mut g.approvers, |o| resolver.org(ids, refs.named(&refs.names[o.ix()]), "task", who, "approvers"));
            }
            // A backout step follows what it undoes: its schedule is the
            // backout's worst case (started when the implementation ends).
            let mut kept = Vec::with_capacity(m.undoes.len());
            for u in m.undoes.iter() {
                let n = &refs.names[u.ix()];
                if let Some(task) = resolver.lookup(&ids.tasks, refs.named(n), "task", who, "undoes", "task") {
                    kept.push(task);
                    implicit.push(Dep { task, kind: crate::model::DepKind::Fs, lag_kind: DurKind::Elapsed, lag: 0, span: n.span });
                }
            }
            m.undoes = kept.into();
            // A `due` counted from another task's finish waits for it.
            if let Some(r) = &mut m.due_after {
                let n = &refs.names[r.task.ix()];
                match resolver.lookup(&ids.tasks, refs.named(n), "task", who, "due", "task") {
                    Some(task) => {
                        r.task = task;
                        implicit.push(Dep { task, kind: crate::model::DepKind::Fs, lag_kind: DurKind::Elapsed, lag: 0, span: n.span });
                    }
                    None => m.due_after = None,
                }
            }
        }
        // Each provisional index (the place of a name in `refs.names`) is
        // replaced by what the name names; a name that names nothing leaves
        // a finding and is dropped from its list.
        for (list, key) in [(lead, "lead"), (support, "support")] {
            resolve_in_place(list, |o| resolver.org(ids, refs.named(&refs.names[o.ix()]), "task", who, key));
        }
        *system = system.and_then(|s| resolver.lookup(&ids.systems, refs.named(&refs.names[s.ix()]), "task", who, "system", "system"));
        if let Some(b) = r.source {
            let (n, clause) = *b;
            if let Some(s) = resolver.lookup(&ids.sources, refs.named(&n), "task", who, "source", "[[source]]") {
                let m = more.get_or_insert_with(Box::default);
                m.source = Some((s, clause));
                m.source_span = Some(n.span);
            }
        }
        // `after` naming a duty that recurs (`q2.report.monthly`) waits for
        // every occurrence of it.
        let mut occurrences: Vec<Dep> = Vec::new();
        if !recurring.is_empty() {
            let kept: Vec<Dep> = after
                .iter()
                .filter(|d| {
                    let (name, _) = refs.named(&refs.names[d.task.ix()]);
                    match recurring.get(name).filter(|_| ids.tasks.get(name).is_none()) {
                        Some(all) => {
                            occurrences.extend(all.iter().map(|&task| Dep { task, ..**d }));
                            false
                        }
                        None => true,
                    }
                })
                .copied()
                .collect();
            if kept.len() != after.len() {
                *after = kept.into();
            }
        }
        resolve_in_place(after, |d| {
            let task = resolver.lookup(&ids.tasks, refs.named(&refs.names[d.task.ix()]), "task", who, "after", "task")?;
            Some(Dep { task, ..*d })
        });
        if !occurrences.is_empty() {
            let mut all = after.to_vec();
            all.extend(occurrences);
            *after = all.into();
        }
        if !implicit.is_empty() {
            let mut all = after.to_vec();
            all.extend(implicit.into_iter().filter(|d| !after.iter().any(|a| a.task == d.task)));
            *after = all.into();
        }
    }
}

/// The sets of units that tasks' `groups` (or the plan's) select: each
/// distinct set once, sorted; each task's [`Task::unit_set`] set. A group no
/// unit has is `unknown-reference`, with the closest group.
fn unit_sets(units: &[Unit], tasks: &mut [Task], plan: (&[String], Option<Span>), findings: &mut Vec<Finding>) -> Vec<Box<[UnitIx]>> {
    let mut sets: Vec<Box<[UnitIx]>> = Vec::new();
    let (plan_groups, plan_span) = plan;
    if plan_groups.is_empty() && !tasks.iter().any(|t| t.more.as_ref().is_some_and(|m| !m.groups.is_empty())) {
        return sets;
    }
    let mut known: Vec<&str> = units.iter().flat_map(|u| u.groups.iter().map(String::as_str)).collect();
    known.sort_unstable();
    known.dedup();
    let unknown = |g: &str, span: Option<Span>, task: Option<(usize, &str)>, findings: &mut Vec<Finding>| {
        if known.binary_search(&g).is_ok() {
            return;
        }
        let help = did_you_mean(g, known.iter().copied())
            .map(|s| crate::t!("load.did-you-mean", name = s))
            .unwrap_or_else(|| crate::t!("load.group-help"));
        let message = match task {
            Some((_, id)) => crate::t!("load.no-group-task", id = id, group = g),
            None => crate::t!("load.no-group-plan", group = g),
        };
        let mut f = Finding::new(Rule::UnknownReference, span, message).label(crate::t!("load.no-group-label")).help(help);
        if let Some((ti, id)) = task {
            f = f.task(ti as u32, id);
        }
        findings.push(f);
    };
    for g in plan_groups {
        unknown(g, plan_span, None, findings);
    }
    for (ti, t) in tasks.iter_mut().enumerate() {
        let own = t.more.as_deref().filter(|m| !m.groups.is_empty());
        let groups: &[String] = match own {
            Some(m) => {
                for g in &m.groups {
                    unknown(g, m.groups_span, Some((ti, &t.id)), findings);
                }
                &m.groups
            }
            None if !plan_groups.is_empty() => plan_groups,
            None => continue,
        };
        let set: Box<[UnitIx]> =
            units.iter().enumerate().filter(|(_, u)| u.groups.iter().any(|g| groups.contains(g))).map(|(i, _)| UnitIx(i as u32)).collect();
        let k = match sets.iter().position(|s| *s == set) {
            Some(k) => k,
            None => {
                sets.push(set);
                sets.len() - 1
            }
        };
        t.unit_set = k as u32 + 1;
    }
    sets
}

/// Replaces each entry of `list` by `resolve(entry)`, in order, dropping the
/// entries it gives `None` for (the list is only rebuilt when one is dropped).
pub(super) fn resolve_in_place<T: Copy>(list: &mut Box<[T]>, mut resolve: impl FnMut(&T) -> Option<T>) {
    let mut kept = 0;
    for i in 0..list.len() {
        if let Some(v) = resolve(&list[i]) {
            list[kept] = v;
            kept += 1;
        }
    }
    if kept < list.len() {
        *list = list[..kept].into();
    }
}

/// Gives the first `left` unknown names of `unresolved` the closest id of
/// what they name, in order.
fn suggest(unresolved: &mut [Unresolved], ids: &Ids, mut left: u32) {
    for u in unresolved {
        if left == 0 {
            return;
        }
        if let Unresolved::Reference { id, target, closest, .. } = u {
            left -= 1;
            let near = match *target {
                "task" => did_you_mean(id, ids.tasks.keys()),
                "org" => did_you_mean(id, ids.orgs.keys()),
                "system" => did_you_mean(id, ids.systems.keys()),
                "[[source]]" => did_you_mean(id, ids.sources.keys()),
                _ => None,
            };
            *closest = near.map(str::to_string);
        }
    }
}

/// Resolves references once every file is read.
pub(super) struct Resolver<'a> {
    /// Duplicate ids and references to nothing, for their rules.
    pub(super) unresolved: &'a mut Vec<Unresolved>,
    /// Every part's references.
    pub(super) parts: &'a [Refs],
    /// Off when a file could not be parsed: its entries are missing, and every
    /// reference to them would be noise.
    pub(super) report_unknown: bool,
    /// Suggestions scan every id; only the first few unknown names get one.
    pub(super) suggestions_left: u32,
}

impl Resolver<'_> {
    /// Keeps the first entry of each id, in place (entries are never
    /// copied: a plan may hold a million tasks); later ones are
    /// `duplicate-id`, and entries with no id (already reported) are dropped.
    pub(super) fn dedup<T, I: Index>(
        &mut self,
        kind: &'static str,
        entries: &mut Vec<T>,
        id_of: impl Fn(&T) -> &str,
        span_of: impl Fn(&T) -> Span,
        map: &mut IdMap<I>,
    ) -> Vec<bool> {
        map.reserve(entries.len(), entries.len() * 8);
        let mut keep = Vec::with_capacity(entries.len());
        // The original index of each kept entry, for the first definition's place.
        let mut kept_at: Vec<usize> = Vec::with_capacity(entries.len());
        // Each id is hashed and its slot fetched a few entries ahead of its
        // insertion (the table does not grow meanwhile: room is reserved).
        let mut ahead = [0u64; DEDUP_AHEAD];
        for (h, e) in ahead.iter_mut().zip(entries.iter()) {
            *h = map.hash(id_of(e));
            map.prefetch(*h);
        }
        for (i, e) in entries.iter().enumerate() {
            let hash = ahead[i % DEDUP_AHEAD];
            if let Some(next) = entries.get(i + DEDUP_AHEAD) {
                let h = map.hash(id_of(next));
                map.prefetch(h);
                ahead[i % DEDUP_AHEAD] = h;
            }
            let id = id_of(e);
            if id.is_empty() {
                keep.push(false);
                continue;
            }
            if map.insert_hashed(id, hash, I::from_ix(kept_at.len() as u32)) {
                kept_at.push(i);
                keep.push(true);
                continue;
            }
            if let Some(first) = map.get(id) {
                let first = span_of(&entries[kept_at[first.ix()]]);
                self.unresolved.push(Unresolved::Duplicate { kind, id: id.to_string(), at: span_of(e), first });
            }
            keep.push(false);
        }
        let mut k = keep.iter();
        entries.retain(|_| k.next().copied().unwrap_or(false));
        keep
    }

    /// The entry `id` (written at `at`) names, or an `unknown-reference` finding.
    pub(super) fn lookup<I: Copy>(
        &mut self,
        map: &IdMap<I>,
        (id, at): (&str, Span),
        what: &'static str,
        who: &str,
        key: &'static str,
        target: &'static str,
    ) -> Option<I> {
        if let Some(ix) = map.get(id) {
            return Some(*ix);
        }
        if self.report_unknown {
            let closest = if self.suggestions_left > 0 {
                self.suggestions_left -= 1;
                did_you_mean(id, map.keys()).map(str::to_string)
            } else {
                None
            };
            self.unresolved.push(Unresolved::Reference { what, who: who.to_string(), key, id: id.to_string(), at, target, closest });
        }
        None
    }

    pub(super) fn org(&mut self, ids: &Ids, named: (&str, Span), what: &'static str, who: &str, key: &'static str) -> Option<OrgIx> {
        self.lookup(&ids.orgs, named, what, who, key, "org")
    }
}
