//! Torget's content as data: what the kiosk shows and the hub publishes.
//!
//! Loading the content folder ([`content`], with its keyboards in [`keyboard`]), the texts in every
//! language ([`i18n`]), how each language is spoken ([`pronunciation`]), field rules ([`validate`]) and
//! the checks both `torget lint` and `torget-hub content publish` run ([`lint`]), a service file
//! as the content studio reads and writes it ([`service_file`]), and the words a reader of a request
//! needs ([`texts`]). Content is read from a folder or
//! from files held in memory ([`tree`]). No Slint, no speech
//! engine, no database: the hub links this crate, and so does the kiosk.

pub mod appointment;
pub mod content;
pub mod edit;
pub mod i18n;
pub mod lint;
pub mod pronunciation;
pub mod service_file;
pub mod texts;
pub mod tree;
pub mod validate;

/// Keyboards are part of content loading; `torget_content::keyboard` names them directly.
pub use content::keyboard;
