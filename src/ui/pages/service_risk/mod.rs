//! Service risk (MPE / RPA cover): the view for heads of service, HR and
//! administrators, and the administrators' page that sets the
//! requirements and extends the MPE modalities.

pub mod cover;
pub mod view;

use crate::api::service_risk::DepartmentOption;
use leptos::prelude::*;

/// A department chooser for HR and administrators: a GET form that puts
/// `?department=<id>` on `action`. Draws nothing without choices.
#[component]
pub fn DepartmentChooser(
    action: &'static str,
    departments: Vec<DepartmentOption>,
    selected: i32,
) -> impl IntoView {
    (!departments.is_empty()).then(|| {
        view! {
            <form method="get" action=action class="filters">
                <div class="form-group">
                    <label class="label" for="department_id">"Department"</label>
                    <select class="select" id="department_id" name="department">
                        {departments.into_iter().map(|d| {
                            let is_selected = d.id == selected;
                            view! { <option value=d.id selected=is_selected>{d.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <button type="submit" class="button button--secondary">"Show department"</button>
                </div>
            </form>
        }
    })
}

/// The `department` query parameter, when it is a number.
pub fn department_param() -> impl Fn() -> Option<i32> + Copy + Send + Sync + 'static {
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .read()
            .get("department")
            .and_then(|d| d.trim().parse::<i32>().ok())
    }
}
