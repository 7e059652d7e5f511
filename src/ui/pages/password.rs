use crate::api::auth::ChangePassword;
use crate::domain::password_policy::MIN_LENGTH;
use crate::ui::components::errors::{ErrorSummary, SuccessPanel, action_error, action_succeeded};
use crate::ui::components::fields::TextField;
use crate::ui::components::guard::Authorised;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! {
        <Title text="Change your password - MPCE Workforce Portal"/>
        <Authorised children=|_| view! { <PasswordForm/> }/>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    let done = action_succeeded(action);
    view! {
        <div class="grid-row">
            <div class="column-two-thirds">
                <ErrorSummary error/>
                <SuccessPanel show=done message="Your password has been changed. Your other sessions have been signed out."/>
                <h1>"Change your password"</h1>
                <p class="body">
                    {format!("Use at least {MIN_LENGTH} characters. Three random words make a password that is strong and easy to remember. Very common passwords, and ones containing your name or email address, are not accepted.")}
                </p>
                <ActionForm action attr:novalidate=true>
                    <TextField name="current_password" label="Current password" kind="password" autocomplete="current-password" error/>
                    <TextField name="new_password" label="New password" kind="password" autocomplete="new-password" error/>
                    <TextField name="confirm_password" label="Confirm new password" kind="password" autocomplete="new-password" error/>
                    <button type="submit" class="button">"Change password"</button>
                </ActionForm>
            </div>
        </div>
    }
}
