use crate::ui::components::errors::{ErrorSummary, action_error};
use crate::ui::components::fields::TextField;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let error = action_error(session.sign_in);
    view! {
        <Title text="Sign in - MPCE Workforce Portal"/>
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary error/>
                <h1>"Sign in"</h1>
                <p class="body">"Sign in with your work email address and portal password."</p>
                <ActionForm action=session.sign_in attr:novalidate=true>
                    <TextField name="email" label="Email address" kind="email" autocomplete="username" error/>
                    <TextField name="password" label="Password" kind="password" autocomplete="current-password" error/>
                    <button type="submit" class="button">"Sign in"</button>
                </ActionForm>
            </div>
        </div>
    }
}
