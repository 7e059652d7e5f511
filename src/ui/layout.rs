//! The NHS-style header with the signed-in person's name, the navigation
//! each role sees, and the footer.

use super::pages::notifications::{UnreadRefresh, header_unread};
use super::session::use_session;
use crate::api::auth::UserSummary;
use crate::domain::roles::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// A navigation section and who sees it. A section is listed only for the
/// roles whose server functions serve it.
pub struct Section {
    pub href: &'static str,
    pub label: &'static str,
    /// Empty: everyone signed in.
    pub roles: &'static [Role],
}

pub const SECTIONS: &[Section] = &[
    Section {
        href: "/",
        label: "Home",
        roles: &[],
    },
    Section {
        href: "/cpd",
        label: "My CPD",
        roles: &[Role::Staff],
    },
    Section {
        href: "/plt",
        label: "Learning time",
        roles: &[Role::Staff],
    },
    Section {
        href: "/development",
        label: "Development plan",
        roles: &[Role::Staff],
    },
    Section {
        href: "/job-plan",
        label: "Job plan",
        roles: &[Role::Staff],
    },
    Section {
        href: "/funding",
        label: "Funding",
        roles: &[Role::Staff],
    },
    Section {
        href: "/registrations",
        label: "Registrations",
        roles: &[Role::Staff],
    },
    Section {
        href: "/team",
        label: "My team",
        roles: &[Role::Manager, Role::HeadOfService],
    },
    Section {
        href: "/approvals",
        label: "Approvals",
        roles: &[Role::Manager, Role::HeadOfService],
    },
    Section {
        href: "/compliance",
        label: "Compliance",
        roles: &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin],
    },
    Section {
        href: "/team/job-plans",
        label: "Team job plans",
        roles: &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin],
    },
    Section {
        href: "/funding/budgets",
        label: "CPD budgets",
        roles: &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin],
    },
    Section {
        href: "/retention",
        label: "Retention",
        roles: &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin],
    },
    Section {
        href: "/service-risk",
        label: "Service risk",
        roles: &[Role::HeadOfService, Role::Hr, Role::Admin],
    },
    Section {
        href: "/exports",
        label: "Data exports",
        roles: &[Role::Manager, Role::HeadOfService, Role::Hr, Role::Admin],
    },
    Section {
        href: "/people",
        label: "Staff directory",
        roles: &[Role::Hr, Role::Admin],
    },
    Section {
        href: "/people/import",
        label: "Import staff",
        roles: &[Role::Hr, Role::Admin],
    },
    Section {
        href: "/admin/organisation",
        label: "Departments and teams",
        roles: &[Role::Admin],
    },
    Section {
        href: "/admin/cpd-categories",
        label: "CPD activity types",
        roles: &[Role::Admin],
    },
    Section {
        href: "/admin/job-plan-categories",
        label: "Job plan categories",
        roles: &[Role::Admin],
    },
    Section {
        href: "/admin/funding-sources",
        label: "Funding sources",
        roles: &[Role::Admin],
    },
    Section {
        href: "/admin/targets",
        label: "CPD targets",
        roles: &[Role::Admin],
    },
    Section {
        href: "/admin/service-cover",
        label: "Service cover",
        roles: &[Role::Admin],
    },
];

pub fn sections_for(user: &UserSummary) -> impl Iterator<Item = &'static Section> + '_ {
    SECTIONS
        .iter()
        .filter(move |s| s.roles.is_empty() || user.has_any(s.roles))
}

/// The header. One `<Transition>` holds everything that reads the session:
/// reading one resource from two boundaries can leave a server-rendered
/// page unfinished (leptos issue #4851).
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let signed_in = move || session.user.get().and_then(|r| r.ok()).flatten();
    // The unread count, fetched again on every navigation, sign-in or
    // sign-out, and when the notifications page marks some read. Read
    // only inside the one boundary below.
    let location = use_location();
    let unread = Resource::new(
        move || {
            (
                location.pathname.get(),
                UnreadRefresh::version(),
                session.sign_in.version().get(),
                session.sign_out.version().get(),
            )
        },
        |_| header_unread(),
    );
    let logo = || {
        view! {
            <a class="header-logo" href="/">
                <span class="logo-mark" aria-hidden="true">"NHS"</span>
                <span class="header-service">"MPCE Workforce Portal"</span>
            </a>
        }
    };
    view! {
        <header class="header">
            <Transition fallback=move || view! { <div class="width-container header-container">{logo()}</div> }>
                {move || {
                    let user = signed_in();
                    view! {
                        <div class="width-container header-container">
                            {logo()}
                            {user.clone().map(|user| view! { <UserBar user unread/> })}
                        </div>
                        {user.map(|user| view! { <Navigation user/> })}
                    }
                }}
            </Transition>
        </header>
    }
}

#[component]
fn UserBar(user: UserSummary, unread: Resource<Option<u64>>) -> impl IntoView {
    let session = use_session();
    view! {
        <div class="header-account">
            <span class="header-account__name">
                <span class="visually-hidden">"Signed in as "</span>
                {user.name.clone()}
            </span>
            <a class="header-account__link" href="/notifications">
                "Notifications"
                {move || unread.get().flatten().filter(|n| *n > 0).map(|n| view! {
                    <span aria-hidden="true">{format!(" ({n})")}</span>
                    <span class="visually-hidden">{format!(", {n} unread")}</span>
                })}
            </a>
            <a class="header-account__link" href="/account/password">"Change password"</a>
            <ActionForm action=session.sign_out attr:class="header-account__form">
                <button type="submit" class="header-account__button">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn Navigation(user: UserSummary) -> impl IntoView {
    view! {
        <nav class="navigation" aria-label="Main menu">
            <ul class="width-container navigation__list">
                {sections_for(&user)
                    .map(|s| view! {
                        <li class="navigation__item">
                            <A href=s.href attr:class="navigation__link">{s.label}</A>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <div class="width-container">
                <p class="footer__text">
                    "MPCE Workforce Portal: CPD, protected learning time and job plans for Medical Physics and Clinical Engineering staff."
                </p>
            </div>
        </footer>
    }
}
