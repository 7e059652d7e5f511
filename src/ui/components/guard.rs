use crate::api::auth::UserSummary;
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::pages::status::Forbidden;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Shows `children` to a signed-in user holding one of `roles` (any user
/// when `roles` is empty), sends signed-out visitors to the sign-in page,
/// and tells everyone else they have no access. The server functions the
/// page calls check again: this only decides what to draw.
#[component]
pub fn Authorised<F, V>(#[prop(optional)] roles: &'static [Role], children: F) -> impl IntoView
where
    F: Fn(UserSummary) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    // Its own copy of the session rather than the header's: one resource
    // read by two boundaries can leave a server-rendered page unfinished
    // (leptos issue #4851).
    let user = use_session().own_copy();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) if roles.is_empty() || user.has_any(roles) => {
                        children.with_value(|render| render(user)).into_any()
                    }
                    Ok(Some(_)) => view! { <Forbidden/> }.into_any(),
                    Ok(None) => view! { <Redirect path="/sign-in"/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
