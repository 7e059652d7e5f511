use crate::api::AppError;
use crate::api::auth::{SignIn, SignOut, UserSummary, current_user};
use leptos::prelude::*;

/// Who is signed in, shared by every page. It is fetched again whenever
/// someone signs in or out.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<UserSummary>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
}

impl Session {
    pub fn provide() -> Session {
        let sign_in = ServerAction::<SignIn>::new();
        let sign_out = ServerAction::<SignOut>::new();
        let user = Resource::new(
            move || (sign_in.version().get(), sign_out.version().get()),
            |_| current_user(),
        );
        let session = Session {
            user,
            sign_in,
            sign_out,
        };
        provide_context(session);
        session
    }
}

impl Session {
    /// Another resource for the same answer, refetched on the same sign-in
    /// and sign-out, for a boundary that must not share the header's.
    pub fn own_copy(self) -> Resource<Result<Option<UserSummary>, AppError>> {
        let (sign_in, sign_out) = (self.sign_in, self.sign_out);
        Resource::new(
            move || (sign_in.version().get(), sign_out.version().get()),
            |_| current_user(),
        )
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
