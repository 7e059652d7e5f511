//! Pages for a missing page and a refused one. On the server they also set
//! the response status.

use leptos::prelude::*;
use leptos_meta::Title;

fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Page not found - MPCE Workforce Portal"/>
        <h1>"Page not found"</h1>
        <p class="body">"If you typed the web address, check it is correct."</p>
        <p class="body"><a href="/">"Go to the home page"</a></p>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    view! {
        <Title text="No access - MPCE Workforce Portal"/>
        <h1>"You do not have access to this page"</h1>
        <p class="body">"If you need it for your work, ask an administrator to give your account the right role."</p>
        <p class="body"><a href="/">"Go to the home page"</a></p>
    }
}
