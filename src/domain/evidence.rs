//! Evidence files: which kinds are accepted, how big they may be, and the
//! content type the server stores, decided from the file's first bytes and
//! its name together (never from what the browser claims).

/// Largest single file.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Most evidence one person may store in all.
pub const MAX_PERSON_BYTES: u64 = 200 * 1024 * 1024;
/// Most files on one activity.
pub const MAX_FILES_PER_ACTIVITY: usize = 20;
/// Longest stored file name, in characters.
pub const MAX_FILE_NAME: usize = 150;

/// What the accept attribute of the file input lists.
pub const ACCEPT: &str =
    ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt";

/// How a kind of file starts.
enum Magic {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    /// Office Open XML and OpenDocument files are ZIP archives.
    Zip,
    /// Legacy Office files are OLE compound documents.
    Ole,
}

const KINDS: &[(&str, &str, Magic)] = &[
    ("pdf", "application/pdf", Magic::Pdf),
    ("png", "image/png", Magic::Png),
    ("jpg", "image/jpeg", Magic::Jpeg),
    ("jpeg", "image/jpeg", Magic::Jpeg),
    ("gif", "image/gif", Magic::Gif),
    ("webp", "image/webp", Magic::Webp),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Magic::Zip,
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Magic::Zip,
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        Magic::Zip,
    ),
    ("odt", "application/vnd.oasis.opendocument.text", Magic::Zip),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        Magic::Zip,
    ),
    (
        "odp",
        "application/vnd.oasis.opendocument.presentation",
        Magic::Zip,
    ),
    ("doc", "application/msword", Magic::Ole),
    ("xls", "application/vnd.ms-excel", Magic::Ole),
    ("ppt", "application/vnd.ms-powerpoint", Magic::Ole),
];

impl Magic {
    fn matches(&self, head: &[u8]) -> bool {
        match self {
            Magic::Pdf => head.starts_with(b"%PDF-"),
            Magic::Png => head.starts_with(b"\x89PNG\r\n\x1a\n"),
            Magic::Jpeg => head.starts_with(&[0xFF, 0xD8, 0xFF]),
            Magic::Gif => head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a"),
            Magic::Webp => head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP",
            Magic::Zip => head.starts_with(b"PK\x03\x04"),
            Magic::Ole => head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        }
    }
}

/// Why an upload is refused. The code travels in a redirect's query string
/// (so that a page cannot be made to show arbitrary text); the message is
/// what the person reads next to the file field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadRefusal {
    NoFile,
    KindNotAllowed,
    ContentMismatch,
    TooLarge,
    QuotaExceeded,
    TooManyFiles,
}

impl UploadRefusal {
    pub const ALL: [UploadRefusal; 6] = [
        UploadRefusal::NoFile,
        UploadRefusal::KindNotAllowed,
        UploadRefusal::ContentMismatch,
        UploadRefusal::TooLarge,
        UploadRefusal::QuotaExceeded,
        UploadRefusal::TooManyFiles,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UploadRefusal::NoFile => "no-file",
            UploadRefusal::KindNotAllowed => "kind",
            UploadRefusal::ContentMismatch => "content",
            UploadRefusal::TooLarge => "too-large",
            UploadRefusal::QuotaExceeded => "quota",
            UploadRefusal::TooManyFiles => "too-many",
        }
    }

    pub fn from_code(code: &str) -> Option<UploadRefusal> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message(self) -> String {
        match self {
            UploadRefusal::NoFile => "Choose a file to upload".into(),
            UploadRefusal::KindNotAllowed => "The file must be a PDF, an image (PNG, JPEG, GIF, WebP) or an office document (Word, Excel, PowerPoint, OpenDocument)".into(),
            UploadRefusal::ContentMismatch => "The file's contents do not match its name: save it again in that format or choose another file".into(),
            UploadRefusal::TooLarge => format!("The file must be {} or smaller", human_size(MAX_FILE_BYTES)),
            UploadRefusal::QuotaExceeded => format!("You have used your {} of evidence storage: delete files you no longer need", human_size(MAX_PERSON_BYTES)),
            UploadRefusal::TooManyFiles => format!("An activity can have at most {MAX_FILES_PER_ACTIVITY} evidence files"),
        }
    }

    /// The HTTP status a refused upload answers with.
    pub fn status(self) -> u16 {
        match self {
            UploadRefusal::TooLarge => 413,
            UploadRefusal::KindNotAllowed | UploadRefusal::ContentMismatch => 415,
            _ => 422,
        }
    }
}

/// The content type to store for a file called `file_name` that starts with
/// `head`, or why it is refused.
pub fn content_type(file_name: &str, head: &[u8]) -> Result<&'static str, UploadRefusal> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .ok_or(UploadRefusal::KindNotAllowed)?;
    let (_, content_type, magic) = KINDS
        .iter()
        .find(|(e, _, _)| *e == extension)
        .ok_or(UploadRefusal::KindNotAllowed)?;
    if magic.matches(head) {
        Ok(content_type)
    } else {
        Err(UploadRefusal::ContentMismatch)
    }
}

/// A file name safe to store and to send back: the last path segment, no
/// control characters or quotes, at most [`MAX_FILE_NAME`] characters with
/// the extension kept.
pub fn clean_file_name(raw: &str) -> Result<String, UploadRefusal> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '*' | '?' | '|'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        return Err(UploadRefusal::NoFile);
    }
    if cleaned.chars().count() <= MAX_FILE_NAME {
        return Ok(cleaned);
    }
    let (stem, extension) = cleaned.rsplit_once('.').unwrap_or((&cleaned, ""));
    let keep = MAX_FILE_NAME.saturating_sub(extension.chars().count() + 1);
    Ok(format!(
        "{}.{extension}",
        stem.chars().take(keep).collect::<String>()
    ))
}

/// "1.2 MB", "340 KB".
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contents_must_match_the_name() {
        assert_eq!(
            content_type("cert.PDF", b"%PDF-1.7\n"),
            Ok("application/pdf")
        );
        assert_eq!(
            content_type("photo.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok("image/jpeg")
        );
        assert!(content_type("notes.docx", b"PK\x03\x04rest").is_ok());
        assert_eq!(
            content_type("cert.pdf", b"<html><script>"),
            Err(UploadRefusal::ContentMismatch),
            "HTML renamed as PDF"
        );
        for refusal in UploadRefusal::ALL {
            assert_eq!(UploadRefusal::from_code(refusal.code()), Some(refusal));
        }
        assert!(content_type("page.html", b"<html>").is_err());
        assert!(content_type("run.exe", b"MZ").is_err());
        assert!(content_type("noextension", b"%PDF-").is_err());
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(
            clean_file_name("C:\\Users\\me\\cert.pdf"),
            Ok("cert.pdf".into())
        );
        assert_eq!(clean_file_name("../../etc/passwd"), Ok("passwd".into()));
        assert_eq!(clean_file_name("a\"b<c>.pdf"), Ok("abc.pdf".into()));
        assert!(clean_file_name("  ").is_err());
        let long = format!("{}.pdf", "x".repeat(300));
        let cleaned = clean_file_name(&long).unwrap();
        assert_eq!(cleaned.chars().count(), MAX_FILE_NAME);
        assert!(cleaned.ends_with(".pdf"));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(10 * 1024 * 1024), "10.0 MB");
    }
}
