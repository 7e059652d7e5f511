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
    /// The sign-in and sign-out versions `user` was last fetched for.
    fetched_for: StoredValue<(usize, usize)>,
}

impl Session {
    pub fn provide() -> Session {
        let sign_in = ServerAction::<SignIn>::new();
        let sign_out = ServerAction::<SignOut>::new();
        let fetched_for = StoredValue::new((0, 0));
        let user = Resource::new(
            move || (sign_in.version().get(), sign_out.version().get()),
            move |versions| async move {
                let user = current_user().await;
                fetched_for.set_value(versions);
                user
            },
        );
        let session = Session {
            user,
            sign_in,
            sign_out,
            fetched_for,
        };
        provide_context(session);
        session
    }

    /// Who is signed in (`Some(None)`: nobody), when that is known and
    /// no sign-in or sign-out has happened since it was fetched; `None`
    /// while it is unknown or may be out of date. Read untracked.
    fn settled(self) -> Option<Option<UserSummary>> {
        let now = (
            self.sign_in.version().get_untracked(),
            self.sign_out.version().get_untracked(),
        );
        if self.fetched_for.get_value() != now {
            return None;
        }
        self.user.get_untracked()?.ok()
    }

    /// Who is signed in, as `settled`, waiting for the session to be
    /// fetched first when it is not settled yet (just after a sign-in, say).
    pub async fn known(self) -> Option<Option<UserSummary>> {
        if let Some(known) = self.settled() {
            return Some(known);
        }
        let _ = self.user.await;
        self.settled()
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
