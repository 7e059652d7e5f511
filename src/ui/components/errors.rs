use crate::api::AppError;
use leptos::prelude::*;

/// The NHS error summary: every problem with the form, each linking to
/// its field, announced to screen readers as soon as it appears.
#[component]
pub fn ErrorSummary(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2 class="error-summary__title">"There is a problem"</h2>
                    <ul class="error-summary__list">
                        {e
                            .summary()
                            .into_iter()
                            .map(|(field, message)| match field {
                                Some(f) => view! { <li><a href=format!("#{f}")>{message}</a></li> }.into_any(),
                                None => view! { <li>{message}</li> }.into_any(),
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// A confirmation shown after a form succeeds.
#[component]
pub fn SuccessPanel(#[prop(into)] show: Signal<bool>, message: &'static str) -> impl IntoView {
    move || {
        show.get().then(|| {
            view! {
                <div class="success-panel" role="status">
                    <p>{message}</p>
                </div>
            }
        })
    }
}

/// A failure to load a page's data, in words.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    view! {
        <div class="error-summary" role="alert">
            <h2 class="error-summary__title">"This page could not be loaded"</h2>
            <p>{error.to_string()}</p>
        </div>
    }
}

/// The error of the last submission of an action, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let value = action.value();
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// True when the last submission of an action succeeded.
pub fn action_succeeded<I, O>(action: ServerAction<I>) -> Signal<bool>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let value = action.value();
    Signal::derive(move || value.with(|v| matches!(v, Some(Ok(_)))))
}

/// Counts an action's successful submissions. Data that a form's page
/// shows should reload on this, not on every submission: reloading after a
/// refused one would redraw the form and lose what the person typed.
pub fn successes<I, O>(action: ServerAction<I>) -> Memo<usize>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let value = action.value();
    let version = action.version();
    Memo::new(move |previous: Option<&usize>| {
        let last = previous.copied().unwrap_or(0);
        match value.with(|v| matches!(v, Some(Ok(_)))) {
            true => version.get(),
            false => {
                version.track();
                last
            }
        }
    })
}
