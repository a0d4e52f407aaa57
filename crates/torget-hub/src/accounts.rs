//! Accounts of the people who use the hub's pages: their roles, and their passwords, kept only as
//! argon2id hashes. What each role may do is decided on the server, never by what a page shows.

/// What a person may do on the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Service desk: help calls and the kiosks' health.
    Desk,
    /// Reads and handles the requests (decrypted in their browser, never on the hub).
    CaseHandler,
    /// Everything the others may, plus accounts and the audit log.
    Admin,
    /// Brings content to the hub and sends it for review; cannot publish it.
    Editor,
    /// Approves content someone else sent for review and publishes it, signing it in the browser.
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Desk, Role::CaseHandler, Role::Admin, Role::Editor, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::CaseHandler => "case-handler",
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            let known: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            format!("no role `{s}`: the roles are {}", known.join(", "))
        })
    }
}

/// A person's account as the store keeps it (the hash never leaves the store's callers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    /// As stored; [`User::role`] parses it.
    pub role: String,
    pub created_ms: i64,
    pub password_set_ms: i64,
}

impl User {
    /// The role, or `None` for one this version does not know (such an account may do nothing).
    pub fn role(&self) -> Option<Role> {
        self.role.parse().ok()
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at_ms: i64,
    /// Who: an account name, or "command line" for what an administrator did on the server.
    pub actor: String,
    /// What, in a few words: "user added", "signed in", "sign-in failed".
    pub action: String,
    /// To what: an account, a request's reference, a kiosk.
    pub subject: String,
    /// A person's action, or an anonymous sign-in try; stored with the entry, never read from its words.
    pub kind: AuditKind,
}

/// Whose word an audit entry is, so that anonymous entries are listed (and bounded) apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditKind {
    /// What a signed-in person, or an administrator on the server's command line, did.
    Person,
    /// A failed or refused sign-in: its name is only what someone typed. Anyone can make these, so
    /// they must not push people's actions out of sight (205 of them did, issue 28).
    Anonymous,
}

impl AuditKind {
    /// As the store keeps it.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Person => "person",
            AuditKind::Anonymous => "anonymous",
        }
    }

    /// The kind stored as `text`; one this version does not know is shown with people's actions
    /// rather than hidden.
    pub fn stored(text: &str) -> AuditKind {
        if text == AuditKind::Anonymous.as_str() { AuditKind::Anonymous } else { AuditKind::Person }
    }
}

/// The most characters of a name, action or subject the audit log keeps. A name typed on a refused
/// sign-in is anyone's, and one entry must not fill the log (the review stored 1.5 million).
pub const AUDIT_TEXT_MAX: usize = 200;

/// `text` cut to [`AUDIT_TEXT_MAX`] characters, with "…" where it was cut.
pub fn audit_text(text: &str) -> String {
    match text.char_indices().nth(AUDIT_TEXT_MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// `text` as it may be shown in a terminal or a page: control characters (a newline that forges a
/// second line, a terminal's escape codes) and the invisible marks that reverse text's direction
/// are written as `\u{…}`, so the log shows what was stored, never what it pretends.
pub fn printable(text: &str) -> String {
    let hidden = |c: char| {
        c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return text.to_string();
    }
    text.chars().map(|c| if hidden(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

impl AuditEntry {
    /// The entry as one line of plain text: time (given), who, what, to what, each [`printable`].
    pub fn line(&self, when: &str) -> String {
        format!("{when}  {}  {}  {}", printable(&self.actor), printable(&self.action), printable(&self.subject))
    }
}

/// Shortest password accepted: long passphrases are easier to remember than short complex ones.
pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_BYTES: usize = 1024;

/// Why a new password is not taken, in words for the person choosing it.
pub fn check_new_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("the password must have at least {MIN_PASSWORD_CHARS} characters"));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(format!("the password must be at most {MAX_PASSWORD_BYTES} bytes"));
    }
    if password.trim() != password {
        return Err("the password must not begin or end with a space".into());
    }
    Ok(())
}

/// A user name: letters, digits, dot, dash and underscore, 1 to 64 of them.
pub fn check_user_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok { Ok(()) } else { Err(format!("`{name}` is not a user name: use letters, digits, . - _ (at most 64)")) }
}

/// The argon2id hash of a password, as a PHC string with its own random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    torget_common::password::hash(password)
}

/// Whether `password` matches `hash`. A malformed hash matches nothing.
pub fn verify_password(hash: &str, password: &str) -> bool {
    torget_common::password::verify(hash, password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audit_line_cannot_be_forged_with_a_newline_or_terminal_codes_and_is_bounded() {
        let forged = AuditEntry {
            at_ms: 0,
            actor: "eve\n2026-12-02T10:00:00Z  admin  signed in\u{1b}[2K\u{202e}".into(),
            action: "sign-in failed".into(),
            subject: "from 127.0.0.1".into(),
            kind: AuditKind::Anonymous,
        };
        let line = forged.line("2026-12-02T09:00:00Z");
        assert!(!line.contains('\n') && !line.contains('\u{1b}') && !line.contains('\u{202e}'), "{line}");
        assert!(line.contains("eve\\u{a}2026-12-02T10:00:00Z"), "{line}");
        assert_eq!(printable("Åsa Öberg"), "Åsa Öberg", "ordinary names are left alone");
        let long = "x".repeat(1_500_000);
        let kept = audit_text(&long);
        assert_eq!(kept.chars().count(), AUDIT_TEXT_MAX + 1);
        assert!(kept.ends_with('…'));
        assert_eq!(audit_text("ÅÄÖ"), "ÅÄÖ");
        assert_eq!(audit_text(&"ö".repeat(AUDIT_TEXT_MAX)).chars().count(), AUDIT_TEXT_MAX, "cut on characters");
    }

    #[test]
    fn a_password_is_kept_only_as_a_salted_argon2id_hash() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("horse"));
        assert!(verify_password(&a, "correct horse battery"));
        assert!(!verify_password(&a, "correct horse battery!"));
        assert!(!verify_password("not a hash", "correct horse battery"));
    }

    #[test]
    fn short_or_padded_passwords_and_odd_names_are_refused_with_a_reason() {
        assert!(check_new_password("short").unwrap_err().contains("12"));
        assert!(check_new_password(" twelve chars ok").is_err());
        assert!(check_new_password("bibliotek vid torget").is_ok());
        assert!(check_new_password("åäöåäöåäöåäö").is_ok(), "characters, not bytes");
        assert!(check_user_name("anna.l").is_ok());
        assert!(check_user_name("anna l").is_err());
        assert!(check_user_name("").is_err());
    }

    #[test]
    fn roles_read_as_they_are_written() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("boss".parse::<Role>().unwrap_err().contains("case-handler"));
    }
}
