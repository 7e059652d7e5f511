//! The signed-in person's notifications, newest first: each with its
//! message (a link to where it is acted on), date and whether it is
//! unread, marked read one at a time or all at once.

use crate::api::notifications::{
    MarkAllNotificationsRead, MarkNotificationRead, NotificationList, NotificationRow,
    my_notifications,
};
use crate::ui::components::errors::{ErrorSummary, LoadError, successes};
use crate::ui::components::guard::{Asked, Authorised, ask_for};
use leptos::prelude::*;
use leptos_meta::Title;

/// Bumped when this page changes what is unread, so that the header
/// fetches its count again.
#[derive(Clone, Copy)]
pub struct UnreadRefresh(RwSignal<usize>);

impl UnreadRefresh {
    pub fn provide() {
        provide_context(UnreadRefresh(RwSignal::new(0)));
    }

    /// The current version (tracked): a resource that reads it refetches
    /// when the page bumps it.
    pub fn version() -> usize {
        use_context::<UnreadRefresh>().map_or(0, |r| r.0.get())
    }

    fn bump() {
        if let Some(r) = use_context::<UnreadRefresh>() {
            r.0.update(|n| *n += 1);
        }
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let read_one = ServerAction::<MarkNotificationRead>::new();
    let read_all = ServerAction::<MarkAllNotificationsRead>::new();
    let one_done = successes(read_one);
    let all_done = successes(read_all);
    let changed = Memo::new(move |_| one_done.get() + all_done.get());
    Effect::new(move |previous: Option<usize>| {
        let now = changed.get();
        if previous.is_some_and(|p| p != now) {
            UnreadRefresh::bump();
        }
        now
    });
    let list = Resource::new(move || changed.get(), |_| ask_for(&[], my_notifications()));
    view! {
        <Title text="Notifications - MPCE Workforce Portal"/>
        <Authorised children=move |_| view! { <Notifications list read_one read_all/> }/>
    }
}

#[component]
fn Notifications(
    list: Resource<Asked<NotificationList>>,
    read_one: ServerAction<MarkNotificationRead>,
    read_all: ServerAction<MarkAllNotificationsRead>,
) -> impl IntoView {
    let (one_value, all_value) = (read_one.value(), read_all.value());
    let error = Signal::derive(move || {
        one_value
            .get()
            .and_then(|r| r.err())
            .or_else(|| all_value.get().and_then(|r| r.err()))
    });
    view! {
        <ErrorSummary error/>
        <h1>"Notifications"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    None => ().into_any(),
                    Some(Ok(list)) => view! { <NotificationsList list read_one read_all/> }.into_any(),
                    Some(Err(error)) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NotificationsList(
    list: NotificationList,
    read_one: ServerAction<MarkNotificationRead>,
    read_all: ServerAction<MarkAllNotificationsRead>,
) -> impl IntoView {
    if list.rows.is_empty() {
        return view! { <p class="body">"You have no notifications."</p> }.into_any();
    }
    let summary = match list.unread {
        0 => "Everything here has been read.".to_string(),
        1 => "You have 1 unread notification.".to_string(),
        n => format!("You have {n} unread notifications."),
    };
    let shown = list.rows.len();
    let more = (list.total > shown as u64).then(|| {
        view! { <p class="hint">{format!("Showing the newest {shown} of {}.", list.total)}</p> }
    });
    view! {
        <p class="body" role="status">{summary}</p>
        {(list.unread > 0).then(|| view! {
            <ActionForm action=read_all attr:class="inline-form">
                <button type="submit" class="button button--secondary">"Mark all as read"</button>
            </ActionForm>
        })}
        <ul class="notification-list">
            {list.rows.into_iter().map(|row| view! { <Item row read_one/> }).collect_view()}
        </ul>
        {more}
    }
    .into_any()
}

#[component]
fn Item(row: NotificationRow, read_one: ServerAction<MarkNotificationRead>) -> impl IntoView {
    let unread = row.unread;
    view! {
        <li class="notification" class:notification--unread=unread>
            <p class="notification__meta">
                {unread.then(|| view! { <strong class="tag tag--amber">"Unread"</strong>" " })}
                <span class="tag tag--grey">{row.kind.label()}</span>" "
                <span class="hint">{row.created.clone()}" UTC"</span>
            </p>
            <p class="body notification__message">
                <a href=row.link.clone()>{row.message.clone()}</a>
            </p>
            {unread.then(|| view! {
                <ActionForm action=read_one attr:class="inline-form">
                    <input type="hidden" name="id" value=row.id/>
                    <button type="submit" class="button button--secondary button--small">
                        "Mark as read"
                        <span class="visually-hidden">{format!(": {}", row.message)}</span>
                    </button>
                </ActionForm>
            })}
        </li>
    }
}

/// The header's count of unread notifications: `None` when nobody is
/// signed in (then nothing is asked of the server, `ask_for`).
pub fn header_unread() -> impl Future<Output = Option<u64>> {
    let asked = ask_for(&[], crate::api::notifications::unread_notifications());
    async move { asked.await?.ok() }
}
