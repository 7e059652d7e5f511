//! The job-plan editor: the contract and leave, one fieldset per
//! timetabled activity and annualised item (every input labelled; "Add"
//! moves focus to the new row), on-call, and beside them the week as a grid
//! and the totals, recalculated with the server's own arithmetic on every
//! keystroke. Saving sends the whole plan with the lock version the editor
//! loaded; a plan changed meanwhile is refused and the typing stays here.

use super::display::{PlanTotals, WeekGrid};
use crate::api::AppError;
use crate::api::job_plans::{JobPlanView, SaveJobPlan, job_plan};
use crate::domain::job_plans::form::{ActivityForm, AnnualisedForm, PlanForm};
use crate::domain::job_plans::{Category, Day, format_number};
use crate::domain::roles::Role;
use crate::ui::components::errors::{ErrorSummary, LoadError, action_error};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use crate::ui::components::progress::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EditJobPlanPage() -> impl IntoView {
    let id = id_param("id");
    let plan = Resource::new(id, |id| ask_for(&[Role::Staff], job_plan(id)));
    view! {
        <Title text="Edit job plan - MPCE Workforce Portal"/>
        <Authorised roles=&[Role::Staff] children=move |_| view! { <EditorLoader plan/> }/>
    }
}

#[component]
fn EditorLoader(plan: Resource<Asked<JobPlanView>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    None => ().into_any(),
                    Some(Ok(p)) if p.can.edit => view! { <Editor plan=p/> }.into_any(),
                    Some(Ok(p)) => view! {
                        <h1>"Edit job plan"</h1>
                        <p class="body">{format!("This plan is {}: only a draft can be changed.", p.status.label().to_lowercase())}</p>
                        <p class="body"><a href=format!("/job-plans/{}", p.id)>"Back to the plan"</a></p>
                    }.into_any(),
                    Some(Err(error)) => view! { <h1>"Edit job plan"</h1><LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

type Rows<T> = RwSignal<Vec<(u64, RwSignal<T>)>>;

fn category_options(labels: &[String; 4]) -> Vec<(String, String)> {
    Category::ALL
        .into_iter()
        .map(|c| (c.as_str().to_string(), labels[c.index()].clone()))
        .collect()
}

fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

#[component]
fn Editor(plan: JobPlanView) -> impl IntoView {
    let id = plan.id;
    let labels = StoredValue::new(plan.labels.clone());
    let loaded = plan.form.clone().unwrap_or_default();
    let header = RwSignal::new(PlanForm {
        activities: Vec::new(),
        annualised: Vec::new(),
        ..loaded.clone()
    });
    let next_key = StoredValue::new(0u64);
    let key = move || {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        k
    };
    let activities: Rows<ActivityForm> = RwSignal::new(
        loaded
            .activities
            .iter()
            .map(|a| (key(), RwSignal::new(a.clone())))
            .collect(),
    );
    let annualised: Rows<AnnualisedForm> = RwSignal::new(
        loaded
            .annualised
            .iter()
            .map(|a| (key(), RwSignal::new(a.clone())))
            .collect(),
    );
    let focus = RwSignal::new(None::<u64>);
    let form = Memo::new(move |_| PlanForm {
        activities: activities.with(|rows| rows.iter().map(|(_, r)| r.get()).collect()),
        annualised: annualised.with(|rows| rows.iter().map(|(_, r)| r.get()).collect()),
        ..header.get()
    });
    let read = Memo::new(move |_| form.with(PlanForm::read));
    let live = Signal::derive(move || read.with(|(plan, _)| plan.clone()));
    let problems = Signal::derive(move || read.with(|(_, problems)| problems.clone()));

    let lock = RwSignal::new(plan.lock_version);
    let save = ServerAction::<SaveJobPlan>::new();
    let error = action_error(save);
    let saved = RwSignal::new(Some(loaded));
    let sent = StoredValue::new(None::<PlanForm>);
    Effect::new(move |_| {
        if let Some(Ok(next)) = save.value().get() {
            lock.set(next);
            saved.set(sent.get_value());
        }
    });
    let unsaved = Memo::new(move |_| saved.with(|s| s.as_ref() != Some(&form.get())));
    let on_save = move |_| {
        let sending = form.get_untracked();
        sent.set_value(Some(sending.clone()));
        save.dispatch(SaveJobPlan {
            id,
            lock_version: lock.get_untracked(),
            form: sending,
        });
    };
    let add_activity = move |_| {
        let k = key();
        let previous_weeks = activities.with_untracked(|rows| {
            rows.last()
                .map(|(_, r)| r.with_untracked(|a| a.weeks_per_year.clone()))
        });
        activities.update(|rows| {
            rows.push((
                k,
                RwSignal::new(ActivityForm {
                    day: "monday".into(),
                    category: "dcc".into(),
                    recurrence: "every".into(),
                    weeks_per_year: previous_weeks.unwrap_or_else(|| {
                        format_number(read.with_untracked(|(plan, _)| plan.working_weeks()))
                    }),
                    ..Default::default()
                }),
            ))
        });
        focus.set(Some(k));
    };
    let add_annualised = move |_| {
        let k = key();
        annualised.update(|rows| {
            rows.push((
                k,
                RwSignal::new(AnnualisedForm {
                    category: "spa".into(),
                    ..Default::default()
                }),
            ))
        });
        focus.set(Some(k));
    };
    let set_header = move |apply: fn(&mut PlanForm, String)| {
        Callback::new(move |value: String| header.update(|h| apply(h, value)))
    };
    let header_value =
        move |read: fn(&PlanForm) -> String| Signal::derive(move || header.with(read));
    let amount_label = Signal::derive(move || {
        header.with(|h| {
            if h.contract_kind == "consultant" {
                "Contracted PAs a week".to_string()
            } else {
                "Contracted hours a week".to_string()
            }
        })
    });
    view! {
        <ErrorSummary error/>
        <h1>{format!("Edit job plan {} (version {})", plan.year_label, plan.version)}</h1>
        <p class="body">
            "Add each activity of your week. The grid and the totals follow as you type; nothing is stored until you save. "
            <a href=format!("/job-plans/{id}")>"Back to the plan"</a>
        </p>
        <div class="plan-editor">
            <div class="plan-editor__form">
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">"Contract and leave"</legend>
                    <Choice id="contract_kind" label="Contract" options=options(&[("afc", "Agenda for Change (hours)"), ("consultant", "Consultant (Programmed Activities)")])
                        value=header_value(|h| h.contract_kind.clone()) set=set_header(|h, v| h.contract_kind = v) error/>
                    <Entry id="contract_amount" label=amount_label value=header_value(|h| h.contract_amount.clone())
                        set=set_header(|h, v| h.contract_amount = v) error/>
                    <Entry id="leave_days" label="Annual leave days" hint="27 on appointment, 29 after 5 years, 33 after 10 (Agenda for Change)"
                        value=header_value(|h| h.leave_days.clone()) set=set_header(|h, v| h.leave_days = v) error/>
                    <Entry id="public_holidays" label="Public holidays" value=header_value(|h| h.public_holidays.clone())
                        set=set_header(|h, v| h.public_holidays = v) error/>
                    <Entry id="study_leave_days" label="Study leave days" value=header_value(|h| h.study_leave_days.clone())
                        set=set_header(|h, v| h.study_leave_days = v) error/>
                </fieldset>
                <h2>"Timetabled activities"</h2>
                <For
                    each=move || activities.get()
                    key=|(k, _)| *k
                    children=move |(k, row)| {
                        let index = Signal::derive(move || activities.with(|rows| rows.iter().position(|(r, _)| *r == k).unwrap_or(0)));
                        let remove = Callback::new(move |_: ()| activities.update(|rows| rows.retain(|(r, _)| *r != k)));
                        view! { <ActivityRow row_key=k index row labels focus error remove/> }
                    }
                />
                <button type="button" class="button button--secondary" on:click=add_activity>"Add an activity"</button>
                <h2>"Annualised activities"</h2>
                <p class="hint">"Work that is not timetabled, in hours a year (for example 40 hours of audit)."</p>
                <For
                    each=move || annualised.get()
                    key=|(k, _)| *k
                    children=move |(k, row)| {
                        let index = Signal::derive(move || annualised.with(|rows| rows.iter().position(|(r, _)| *r == k).unwrap_or(0)));
                        let remove = Callback::new(move |_: ()| annualised.update(|rows| rows.retain(|(r, _)| *r != k)));
                        view! { <AnnualisedRow row_key=k index row labels focus error remove/> }
                    }
                />
                <button type="button" class="button button--secondary" on:click=add_annualised>"Add an annualised activity"</button>
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">"On call"</legend>
                    <Entry id="on_call_frequency" label="Rota: 1 in how many?" hint="Leave empty if you are on no on-call rota"
                        value=header_value(|h| h.on_call_frequency.clone()) set=set_header(|h, v| h.on_call_frequency = v) error/>
                    <Choice id="on_call_category" label="On-call category" options=options(&[("", "None"), ("A", "A: immediate return to site"), ("B", "B: later return")])
                        value=header_value(|h| h.on_call_category.clone()) set=set_header(|h, v| h.on_call_category = v) error/>
                    <Entry id="on_call_hours" label="Hours of work expected in a week on call"
                        value=header_value(|h| h.on_call_hours.clone()) set=set_header(|h, v| h.on_call_hours = v) error/>
                </fieldset>
                <div class="actions">
                    <button type="button" class="button" on:click=on_save disabled=move || save.pending().get()>"Save draft"</button>
                    <p class="body" role="status">
                        {move || if save.pending().get() {
                            "Saving…"
                        } else if unsaved.get() {
                            "Unsaved changes"
                        } else {
                            "All changes saved"
                        }}
                    </p>
                </div>
            </div>
            <div class="plan-editor__summary">
                <WeekGrid plan=live labels=labels.get_value()/>
                <h2>"Totals"</h2>
                <div aria-live="polite">
                    <PlanTotals plan=live labels=labels.get_value()/>
                </div>
                {move || {
                    let problems = problems.get();
                    (!problems.is_empty()).then(|| view! {
                        <div class="warning-callout">
                            <h3>"Not counted until corrected"</h3>
                            <ul>{problems.into_iter().map(|(field, message)| view! { <li><a href=format!("#{field}")>{message}</a></li> }).collect_view()}</ul>
                        </div>
                    })
                }}
            </div>
        </div>
    }
}

#[component]
fn ActivityRow(
    row_key: u64,
    index: Signal<usize>,
    row: RwSignal<ActivityForm>,
    labels: StoredValue<[String; 4]>,
    focus: RwSignal<Option<u64>>,
    error: Signal<Option<AppError>>,
    remove: Callback<()>,
) -> impl IntoView {
    let first = focus_when_added(focus, row_key);
    let field = move |name: &'static str| {
        Signal::derive(move || format!("activity-{}-{name}", index.get()))
    };
    let value = move |read: fn(&ActivityForm) -> String| Signal::derive(move || row.with(read));
    let set = move |apply: fn(&mut ActivityForm, String)| {
        Callback::new(move |v: String| row.update(|r| apply(r, v)))
    };
    let days: Vec<(String, String)> = Day::ALL
        .into_iter()
        .map(|d| (d.as_str().to_string(), d.label().to_string()))
        .collect();
    let every_n = Signal::derive(move || row.with(|r| r.recurrence == "every_n"));
    view! {
        <fieldset class="fieldset plan-row">
            <legend class="fieldset__legend">{move || format!("Activity {}", index.get() + 1)}</legend>
            <div class="plan-row__fields">
                <Choice id=field("day") label="Day" options=days value=value(|r| r.day.clone()) set=set(|r, v| r.day = v) error node_ref=first/>
                <Entry id=field("start") label="Start" hint="HH:MM" width="input--width-5" value=value(|r| r.start.clone()) set=set(|r, v| r.start = v) error/>
                <Entry id=field("end") label="End" hint="HH:MM" width="input--width-5" value=value(|r| r.end.clone()) set=set(|r, v| r.end = v) error/>
                <Choice id=field("category") label="Category" options=labels.with_value(category_options) value=value(|r| r.category.clone()) set=set(|r, v| r.category = v) error/>
                <Entry id=field("description") label="Description" width="input--width-20" value=value(|r| r.description.clone()) set=set(|r, v| r.description = v) error/>
                <Entry id=field("location") label="Location (optional)" width="input--width-10" value=value(|r| r.location.clone()) set=set(|r, v| r.location = v) error/>
                <Choice id=field("recurrence") label="Repeats" options=options(&[("every", "Every week"), ("week1", "Week 1 of 2"), ("week2", "Week 2 of 2"), ("every_n", "Every n weeks")])
                    value=value(|r| r.recurrence.clone()) set=set(|r, v| r.recurrence = v) error/>
                {move || every_n.get().then(|| view! {
                    <Entry id=field("every_n_weeks") label="Every how many weeks" width="input--width-3" value=value(|r| r.every_n_weeks.clone()) set=set(|r, v| r.every_n_weeks = v) error/>
                })}
                <Entry id=field("weeks_per_year") label="Weeks a year" width="input--width-3" value=value(|r| r.weeks_per_year.clone()) set=set(|r, v| r.weeks_per_year = v) error/>
            </div>
            <button type="button" class="button button--secondary button--small" on:click=move |_| remove.run(())>
                {move || format!("Remove activity {}", index.get() + 1)}
            </button>
        </fieldset>
    }
}

#[component]
fn AnnualisedRow(
    row_key: u64,
    index: Signal<usize>,
    row: RwSignal<AnnualisedForm>,
    labels: StoredValue<[String; 4]>,
    focus: RwSignal<Option<u64>>,
    error: Signal<Option<AppError>>,
    remove: Callback<()>,
) -> impl IntoView {
    let first = focus_when_added(focus, row_key);
    let field = move |name: &'static str| {
        Signal::derive(move || format!("annualised-{}-{name}", index.get()))
    };
    let value = move |read: fn(&AnnualisedForm) -> String| Signal::derive(move || row.with(read));
    let set = move |apply: fn(&mut AnnualisedForm, String)| {
        Callback::new(move |v: String| row.update(|r| apply(r, v)))
    };
    view! {
        <fieldset class="fieldset plan-row">
            <legend class="fieldset__legend">{move || format!("Annualised activity {}", index.get() + 1)}</legend>
            <div class="plan-row__fields">
                <Choice id=field("category") label="Category" options=labels.with_value(category_options) value=value(|r| r.category.clone()) set=set(|r, v| r.category = v) error node_ref=first/>
                <Entry id=field("description") label="Description" width="input--width-20" value=value(|r| r.description.clone()) set=set(|r, v| r.description = v) error/>
                <Entry id=field("hours_per_year") label="Hours a year" width="input--width-5" value=value(|r| r.hours_per_year.clone()) set=set(|r, v| r.hours_per_year = v) error/>
            </div>
            <button type="button" class="button button--secondary button--small" on:click=move |_| remove.run(())>
                {move || format!("Remove annualised activity {}", index.get() + 1)}
            </button>
        </fieldset>
    }
}

/// The first control of a new row: it takes the focus once when the row
/// was just added with "Add", so keyboard users carry on typing there.
fn focus_when_added(focus: RwSignal<Option<u64>>, row_key: u64) -> NodeRef<leptos::html::Select> {
    let first = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        if focus.get() == Some(row_key)
            && let Some(select) = first.get()
        {
            let _ = select.focus();
            focus.set(None);
        }
    });
    first
}

fn field_message(error: Signal<Option<AppError>>, id: Signal<String>) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.field_message(&id.get())))
}

/// A labelled text input bound to a value, with its error beside it.
#[component]
fn Entry(
    #[prop(into)] id: Signal<String>,
    #[prop(into)] label: Signal<String>,
    value: Signal<String>,
    set: Callback<String>,
    error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "input--width-5")] width: &'static str,
) -> impl IntoView {
    let message = field_message(error, id);
    view! {
        <div class="form-group" class:form-group--error=move || message.get().is_some()>
            <label class="label" for=id>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=move || format!("{}-hint", id.get())>{h}</div> })}
            {move || message.get().map(|m| view! {
                <span class="error-message" id=format!("{}-error", id.get())><span class="visually-hidden">"Error: "</span>{m}</span>
            })}
            <input
                class=format!("input {width}")
                class:input--error=move || message.get().is_some()
                id=id
                type="text"
                prop:value=value
                value=value.get_untracked()
                on:input=move |ev| set.run(event_target_value(&ev))
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=move || {
                    let mut ids = Vec::new();
                    if hint.is_some() {
                        ids.push(format!("{}-hint", id.get()));
                    }
                    if message.get().is_some() {
                        ids.push(format!("{}-error", id.get()));
                    }
                    (!ids.is_empty()).then(|| ids.join(" "))
                }
            />
        </div>
    }
}

/// A labelled select bound to a value, with its error beside it.
#[component]
fn Choice(
    #[prop(into)] id: Signal<String>,
    #[prop(into)] label: Signal<String>,
    options: Vec<(String, String)>,
    value: Signal<String>,
    set: Callback<String>,
    error: Signal<Option<AppError>>,
    #[prop(optional)] node_ref: Option<NodeRef<leptos::html::Select>>,
) -> impl IntoView {
    let message = field_message(error, id);
    let node_ref = node_ref.unwrap_or_default();
    view! {
        <div class="form-group" class:form-group--error=move || message.get().is_some()>
            <label class="label" for=id>{label}</label>
            {move || message.get().map(|m| view! {
                <span class="error-message" id=format!("{}-error", id.get())><span class="visually-hidden">"Error: "</span>{m}</span>
            })}
            <select
                class="select"
                id=id
                node_ref=node_ref
                prop:value=value
                on:change=move |ev| set.run(event_target_value(&ev))
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=move || message.get().is_some().then(|| format!("{}-error", id.get()))
            >
                {options.into_iter().map(|(v, text)| {
                    let selected = value.get_untracked() == v;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
