//! NCSC-style password policy: length over complexity, and a block list of
//! passwords that are common or trivially guessable. No composition rules,
//! no forced expiry.

/// Shortest password accepted. NCSC advises length (e.g. three random words)
/// over complexity rules.
pub const MIN_LENGTH: usize = 12;
/// Longest password accepted: generous for pass-phrases, bounded so that
/// hashing cost stays predictable.
pub const MAX_LENGTH: usize = 128;

/// A short curated list of passwords that are long enough to pass the length
/// rule yet appear at the top of breached-password lists. Deployments add a
/// larger list with `MPCE_PASSWORD_BLOCKLIST_FILE`.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789abc",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "aaaaaaaaaaaa",
    "abc123456789",
    "abcdefghijkl",
    "iloveyou1234",
    "letmein12345",
    "passw0rd1234",
    "password1234",
    "password12345",
    "password123!",
    "password2024",
    "password2025",
    "password2026",
    "qwerty123456",
    "qwertyuiop12",
    "qwertyuiopas",
    "qwertyuiop[]",
    "trustno11234",
    "welcome12345",
    "welcome2026!",
    "changeme1234",
    "administrator",
    "correcthorsebatterystaple",
    "nhspassword1",
    "nhspassword123",
    "hospital1234",
    "football1234",
    "monkey123456",
    "sunshine1234",
    "princess1234",
    "baseball1234",
    "liverpool123",
    "chelsea12345",
    "manchester12",
    "arsenal12345",
];

/// Checks a new password. `context` holds words the password must not be
/// built from, such as the person's email and name.
pub fn check(password: &str, context: &[&str], extra_blocklist: &[String]) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(format!(
            "Password must be at least {MIN_LENGTH} characters. Three random words make a strong, memorable password"
        ));
    }
    if length > MAX_LENGTH {
        return Err(format!("Password must be {MAX_LENGTH} characters or fewer"));
    }
    let lowered = password.to_lowercase();
    let distinct: std::collections::HashSet<char> = lowered.chars().collect();
    if distinct.len() < 4 {
        return Err("Password is too easy to guess: use more different characters".into());
    }
    if COMMON.contains(&lowered.as_str()) || extra_blocklist.iter().any(|b| b == &lowered) {
        return Err("Password is too common: choose something harder to guess".into());
    }
    for word in context {
        let word = word.trim().to_lowercase();
        let stem = word.split('@').next().unwrap_or_default();
        if stem.len() >= 4 && lowered.contains(stem) {
            return Err("Password must not contain your name or email address".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_random_words_pass() {
        assert_eq!(check("kettle-orbit-meadow", &["jo@nhs.net"], &[]), Ok(()));
    }

    #[test]
    fn short_passwords_fail_with_advice() {
        let err = check("Tr0ub4dor&3", &[], &[]).unwrap_err();
        assert!(err.contains("at least 12"), "{err}");
    }

    #[test]
    fn common_and_repetitive_passwords_fail() {
        assert!(check("Password1234", &[], &[]).is_err());
        assert!(check("abababababab", &[], &[]).is_err());
        assert!(check("my-own-list-entry", &[], &["my-own-list-entry".into()]).is_err());
    }

    #[test]
    fn passwords_built_from_the_email_fail() {
        assert!(check("jbloggs-2026-portal", &["jbloggs@nhs.net"], &[]).is_err());
    }

    #[test]
    fn overlong_passwords_fail() {
        assert!(check(&"word-".repeat(30), &[], &[]).is_err());
    }
}
