//! How the catalogue's table becomes code: one entry per problem, turned into the `Problem` enum
//! and the matches that read each fact back, so that no fact of a problem lives apart from the
//! others.

/// Declares the problem enum from a table whose entries each read:
///
/// ```text
/// /// What is wrong (the variant's documentation).
/// Variant { field: Type, ... } => {
///     code: "B000", severity: Error, environment: true,
///     message: format!("..."),
///     hints: ["...", ...],
/// },
/// ```
///
/// - `severity` is `Error`, `Warning`, or an expression of the fields when they decide;
/// - `environment: true` marks a problem of the surroundings (exit 2), and is left out otherwise;
/// - `message` is anything that displays, the fields bound by reference;
/// - `hints` is anything iterable whose items become strings.
///
/// Besides the enum it writes `code`, `severity`, `is_environment`, `hints`, `Display` and
/// `examples`, each one match over the table.
macro_rules! catalogue {
    // The entries that leave `environment` out are brief problems.
    (@environment) => {
        false
    };
    (@environment $environment:literal) => {
        $environment
    };
    (
        $(#[$enum_attr:meta])*
        pub enum $name:ident {
            $(
                $(#[$attr:meta])*
                $variant:ident $({
                    $( $(#[$field_attr:meta])* $field:ident: $ty:ty ),* $(,)?
                })? => {
                    code: $code:literal,
                    severity: $severity:expr,
                    $(environment: $environment:literal,)?
                    message: $message:expr,
                    hints: $hints:expr $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$enum_attr])*
        pub enum $name {
            $(
                $(#[$attr])*
                $variant $({ $( $(#[$field_attr])* $field: $ty ),* })?,
            )*
        }

        impl $name {
            /// The stable code users can search for and tests can rely on.
            pub fn code(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $code,)*
                }
            }

            /// Warnings let the brief build; everything else stops it.
            // Each entry binds every field; most severities name none of them.
            #[allow(unused_variables)]
            pub fn severity(&self) -> $crate::diagnostic::Severity {
                match self {
                    $(Self::$variant { $($($field),*)? } => $severity,)*
                }
            }

            /// Problems of the surroundings rather than of a brief: they exit with 2.
            pub fn is_environment(&self) -> bool {
                match self {
                    $(Self::$variant { .. } => catalogue!(@environment $($environment)?),)*
                }
            }

            /// What to do about it: `help:` lines under the source.
            #[allow(unused_variables)]
            pub fn hints(&self) -> Vec<String> {
                match self {
                    $(Self::$variant { $($($field),*)? } => $crate::diagnostic::table::lines($hints),)*
                }
            }

            /// One problem of each kind, every field at its default: enough to go through the
            /// codes, severities and exit statuses of them all.
            #[doc(hidden)]
            pub fn examples() -> Vec<Self> {
                vec![$(Self::$variant $({ $($field: Default::default()),* })?,)*]
            }
        }

        impl std::fmt::Display for $name {
            #[allow(unused_variables)]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $(Self::$variant { $($($field),*)? } => std::fmt::Display::fmt(&$message, f),)*
                }
            }
        }
    };
}

pub(super) use catalogue;

/// A table entry's hints as the strings `Problem::hints` returns.
pub(super) fn lines<S: Into<String>>(hints: impl IntoIterator<Item = S>) -> Vec<String> {
    hints.into_iter().map(Into::into).collect()
}
