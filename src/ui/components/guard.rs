use crate::api::AppError;
use crate::api::auth::UserSummary;
use crate::domain::roles::Role;
use crate::ui::components::errors::LoadError;
use crate::ui::pages::status::Forbidden;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// A page's answer when the viewer may not have it: `None`.
pub type Asked<T> = Option<Result<T, AppError>>;

/// Asks a page's server function for a resource made outside
/// `<Authorised>`. leptos builds what is inside a `<Suspense>` three times
/// while it renders on the server, and a resource made there went into the
/// page three times; one made in the page component goes in once.
///
/// `ask` runs only for a signed-in user holding one of `roles` (anyone
/// signed in when empty), the people `<Authorised>` shows the page to: a
/// refused server function would set the page's status on the server, and
/// in the browser it would be a request for nothing. `<Authorised>`
/// already answers everyone else. On the server the request's user
/// decides; in the browser the session, once it is known for the latest
/// sign-in or sign-out (if it still is not, `ask` runs and the server
/// function checks).
pub fn ask_for<T>(
    roles: &'static [Role],
    ask: impl Future<Output = Result<T, AppError>>,
) -> impl Future<Output = Asked<T>> {
    #[cfg(feature = "ssr")]
    let allowed = crate::api::guard::current_user()
        .is_some_and(|user| roles.is_empty() || user.has_any(roles));
    #[cfg(not(feature = "ssr"))]
    let session = use_context::<crate::ui::session::Session>();
    async move {
        #[cfg(not(feature = "ssr"))]
        let allowed = match session {
            Some(session) => match session.known().await {
                Some(Some(user)) => roles.is_empty() || user.has_any(roles),
                Some(None) => false,
                None => true,
            },
            None => true,
        };
        if allowed { Some(ask.await) } else { None }
    }
}

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
