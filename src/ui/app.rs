use super::layout::{Footer, Header};
use super::pages::cpd::{
    categories::CpdCategoriesPage,
    edit::{EditCpdPage, NewCpdPage},
    list::CpdListPage,
    profile::ProfilePage,
    profile_print::ProfilePrintPage,
    view::CpdActivityPage,
};
use super::pages::development::{edit::ObjectivePage, list::DevelopmentPage};
use super::pages::funding::{
    budgets::BudgetsPage,
    detail::FundingRequestPage,
    edit::{EditFundingPage, NewFundingPage},
    mine::MyFundingPage,
    sources::FundingSourcesPage,
};
use super::pages::job_plans::{
    categories::JobPlanCategoriesPage, compare::CompareJobPlansPage, edit::EditJobPlanPage,
    mine::MyJobPlanPage, print::JobPlanPrintPage, team::TeamJobPlansPage, view::JobPlanPage,
};
use super::pages::notifications::{NotificationsPage, UnreadRefresh};
use super::pages::plt::{approvals::ApprovalsPage, mine::MyPltPage, person::PersonPltPage};
use super::pages::registrations::{edit::RegistrationPage, list::RegistrationsPage};
use super::pages::retention::RetentionPage;
use super::pages::service_risk::{cover::ServiceCoverPage, view::ServiceRiskPage};
use super::pages::{
    compliance::CompliancePage, data_exports::DataExportsPage, directory::DirectoryPage,
    home::HomePage, new_person::NewPersonPage, organisation::OrganisationPage,
    password::PasswordPage, person::PersonPage, sign_in::SignInPage, status::NotFound,
    team::TeamPage,
};
use super::pages::{
    person_cpd::PersonCpdPage, staff_import::StaffImportPage, targets::TargetsPage,
};
use super::session::Session;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    provide_csp_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="data:,"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Hands the nonce minted by the security middleware to leptos, which puts
/// it on the hydration scripts.
fn provide_csp_nonce() {
    #[cfg(feature = "ssr")]
    {
        let nonce = use_context::<http::request::Parts>().and_then(|parts| {
            parts
                .extensions
                .get::<crate::server::security::CspNonce>()
                .cloned()
        });
        if let Some(nonce) = nonce {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Session::provide();
    UnreadRefresh::provide();
    view! {
        <Stylesheet id="leptos" href="/pkg/mpce-portal.css"/>
        <Router>
            <a class="skip-link" href="#main-content">"Skip to main content"</a>
            <Header/>
            <div class="width-container">
                <main class="main-wrapper" id="main-content">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                        <Route path=path!("/account/password") view=PasswordPage ssr=SsrMode::Async/>
                        <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                        <Route path=path!("/cpd") view=CpdListPage ssr=SsrMode::Async/>
                        <Route path=path!("/cpd/new") view=NewCpdPage ssr=SsrMode::Async/>
                        <Route path=path!("/cpd/:id/edit") view=EditCpdPage ssr=SsrMode::Async/>
                        <Route path=path!("/cpd/activity/:id") view=CpdActivityPage ssr=SsrMode::Async/>
                        <Route path=path!("/cpd/profile") view=ProfilePage ssr=SsrMode::Async/>
                        <Route path=path!("/cpd/profile/print") view=ProfilePrintPage ssr=SsrMode::Async/>
                        <Route path=path!("/development") view=DevelopmentPage ssr=SsrMode::Async/>
                        <Route path=path!("/development/:id") view=ObjectivePage ssr=SsrMode::Async/>
                        <Route path=path!("/plt") view=MyPltPage ssr=SsrMode::Async/>
                        <Route path=path!("/approvals") view=ApprovalsPage ssr=SsrMode::Async/>
                        <Route path=path!("/job-plan") view=MyJobPlanPage ssr=SsrMode::Async/>
                        <Route path=path!("/job-plans/:id") view=JobPlanPage ssr=SsrMode::Async/>
                        <Route path=path!("/job-plans/:id/edit") view=EditJobPlanPage ssr=SsrMode::Async/>
                        <Route path=path!("/job-plans/:id/print") view=JobPlanPrintPage ssr=SsrMode::Async/>
                        <Route path=path!("/job-plans/:id/compare") view=CompareJobPlansPage ssr=SsrMode::Async/>
                        <Route path=path!("/team/job-plans") view=TeamJobPlansPage ssr=SsrMode::Async/>
                        <Route path=path!("/compliance") view=CompliancePage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/job-plan-categories") view=JobPlanCategoriesPage ssr=SsrMode::Async/>
                        <Route path=path!("/funding") view=MyFundingPage ssr=SsrMode::Async/>
                        <Route path=path!("/funding/new") view=NewFundingPage ssr=SsrMode::Async/>
                        <Route path=path!("/funding/budgets") view=BudgetsPage ssr=SsrMode::Async/>
                        <Route path=path!("/funding/:id") view=FundingRequestPage ssr=SsrMode::Async/>
                        <Route path=path!("/funding/:id/edit") view=EditFundingPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/funding-sources") view=FundingSourcesPage ssr=SsrMode::Async/>
                        <Route path=path!("/registrations") view=RegistrationsPage ssr=SsrMode::Async/>
                        <Route path=path!("/registrations/:id") view=RegistrationPage ssr=SsrMode::Async/>
                        <Route path=path!("/service-risk") view=ServiceRiskPage ssr=SsrMode::Async/>
                        <Route path=path!("/retention") view=RetentionPage ssr=SsrMode::Async/>
                        <Route path=path!("/exports") view=DataExportsPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/service-cover") view=ServiceCoverPage ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/cpd") view=PersonCpdPage ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/plt") view=PersonPltPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/targets") view=TargetsPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/cpd-categories") view=CpdCategoriesPage ssr=SsrMode::Async/>
                        <Route path=path!("/team") view=TeamPage ssr=SsrMode::Async/>
                        <Route path=path!("/people") view=DirectoryPage ssr=SsrMode::Async/>
                        <Route path=path!("/people/import") view=StaffImportPage ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id") view=PersonPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/people/new") view=NewPersonPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/organisation") view=OrganisationPage ssr=SsrMode::Async/>
                    </Routes>
                </main>
            </div>
            <Footer/>
        </Router>
    }
}
