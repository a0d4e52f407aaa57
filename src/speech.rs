//! Text-to-speech: the kiosk reads every page aloud, in the page's language, under the visitor's
//! control (EN 301 549 5.1.3: closed functionality must speak for itself).
//!
//! One thread owns the one connection to speech-dispatcher (libspeechd; espeak-ng speaks) and takes
//! [`Command`]s from a queue; the UI only sends and never waits. Voices are chosen once, from one
//! reading of speech-dispatcher's voice list at connection; switching language is then two SSIP
//! commands, so the first page in a new language is heard as fast as any other. New speech interrupts the old.
//! If speech-dispatcher is missing or dies, the thread says so in [`SpeechStatus`] and tries again
//! in the background; the kiosk keeps working. This module also prepares text for speaking: bidi
//! marks removed, abbreviations expanded, reference codes spelled out (see `locales/<lang>/speech.toml`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use torget_content::pronunciation::Pronunciation;

/// What the speech thread is asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Speak these parts, each in its language, interrupting anything playing.
    Say(Vec<(String, String)>),
    Stop,
    Repeat,
    /// Forget what was last said (the visit ended): Repeat has nothing to say until the next page.
    Forget,
    /// Rate step from -2 (slowest) to +2 (fastest); 0 is normal.
    Rate(i32),
    /// Volume step from -2 (quietest) to +2 (loudest); 0 is normal.
    Volume(i32),
}

/// What the speech thread knows, for the screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeechStatus {
    /// speech-dispatcher answered; `false` until then and after it failed.
    pub available: bool,
    /// Languages that have a voice.
    pub languages: Vec<String>,
    pub speaking: bool,
    pub error: Option<String>,
}

/// The handle the app holds: sending never blocks.
#[derive(Clone)]
pub struct Speech {
    tx: Sender<Command>,
    status: Arc<Mutex<SpeechStatus>>,
}

impl Speech {
    /// Starts the speech thread. `voices` maps a language code to the voice language to look for
    /// (from `languages.toml`); a language with no entry has no voice.
    pub fn start(voices: BTreeMap<String, String>) -> Speech {
        let (tx, rx) = channel();
        let status = Arc::new(Mutex::new(SpeechStatus::default()));
        let thread_status = status.clone();
        std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || run(rx, thread_status, voices))
            .expect("a thread can be started");
        Speech { tx, status }
    }

    /// A handle whose commands go to `tx` instead of a speech thread: to see exactly what would be
    /// said (tests, tools). It reports speech as available in `languages`.
    pub fn to_channel(tx: Sender<Command>, languages: &[&str]) -> Speech {
        let status = SpeechStatus {
            available: true,
            languages: languages.iter().map(|l| l.to_string()).collect(),
            ..SpeechStatus::default()
        };
        Speech { tx, status: Arc::new(Mutex::new(status)) }
    }

    pub fn send(&self, command: Command) {
        // The thread lives as long as the process; a send error would only mean it has ended.
        let _ = self.tx.send(command);
    }

    pub fn status(&self) -> SpeechStatus {
        self.status.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Whether `lang` can be spoken (speech-dispatcher up and a voice for the language).
    pub fn can_speak(&self, lang: &str) -> bool {
        let s = self.status();
        s.available && s.languages.iter().any(|l| l == lang)
    }
}

/// Rate and volume for a step, within speech-dispatcher's range.
fn scaled(step: i32, min: f32, normal: f32, max: f32) -> f32 {
    let step = step.clamp(-2, 2) as f32;
    if step >= 0.0 { normal + (max - normal) * step * 0.3 } else { normal + (normal - min) * step * 0.3 }
}

/// speech-dispatcher's ranges (SSIP): rate -100..100 with 0 normal, volume -100..100 with 100 normal.
const RATE: (f32, f32, f32) = (-100.0, 0.0, 100.0);
const VOLUME: (f32, f32, f32) = (-100.0, 100.0, 100.0);

/// A voice speech-dispatcher offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voice {
    pub name: String,
    /// Its language as speech-dispatcher names it (`sv`, `en-GB`).
    pub language: String,
    /// `none` for a language's own voice, else a variant of it (`Alex`, `f3`).
    pub variant: String,
}

/// The voices in an SSIP `LIST SYNTHESIS_VOICES` reply (`249-NAME<TAB>LANGUAGE<TAB>VARIANT` lines).
pub fn parse_voice_list(reply: &str) -> Vec<Voice> {
    reply
        .lines()
        .filter_map(|line| line.trim_end_matches('\r').strip_prefix("249-"))
        .filter_map(|entry| {
            let mut fields = entry.split('\t');
            let (name, language) = (fields.next()?, fields.next()?);
            let variant = fields.next().unwrap_or("none");
            (!name.is_empty() && !language.is_empty()).then(|| Voice {
                name: name.into(),
                language: language.into(),
                variant: variant.into(),
            })
        })
        .collect()
}

/// For each language code, the voice to speak it with: a voice of exactly the wanted voice language,
/// else one of its primary language (`en` finds `en-GB`); a language's own voice before its variants.
/// A language with no voice is left out: it is never spoken with another language's voice.
pub fn choose_voices(wanted: &BTreeMap<String, String>, offered: &[Voice]) -> BTreeMap<String, Voice> {
    let primary = |l: &str| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase();
    let mut chosen = BTreeMap::new();
    for (lang, voice_lang) in wanted {
        if voice_lang.is_empty() {
            continue;
        }
        let exact = |v: &&Voice| v.language.eq_ignore_ascii_case(voice_lang);
        let same_primary = |v: &&Voice| primary(&v.language) == primary(voice_lang);
        let own = |v: &&Voice| v.variant == "none";
        let found = offered
            .iter()
            .filter(exact)
            .find(own)
            .or_else(|| offered.iter().find(exact))
            .or_else(|| offered.iter().filter(same_primary).find(own))
            .or_else(|| offered.iter().find(same_primary));
        if let Some(v) = found {
            chosen.insert(lang.clone(), v.clone());
        }
    }
    chosen
}

/// The socket speech-dispatcher listens on, found as libspeechd finds it: `SPEECHD_ADDRESS`
/// (`unix_socket:PATH`), else `speech-dispatcher/speechd.sock` in the user's runtime folder
/// (`XDG_RUNTIME_DIR`, or `~/.cache` without one). `None` for a TCP address.
fn ssip_socket() -> Option<std::path::PathBuf> {
    if let Ok(address) = std::env::var("SPEECHD_ADDRESS") {
        return address.strip_prefix("unix_socket:").map(Into::into);
    }
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cache")))?;
    Some(runtime.join("speech-dispatcher/speechd.sock"))
}

/// Lists the voices over a connection of its own, reading the SSIP reply as it arrives: about 0.4 s
/// for espeak-ng's 13 000 voices and variants, where libspeechd's own list takes over 2 s.
fn list_voices_over_socket(path: &std::path::Path) -> std::io::Result<Vec<Voice>> {
    use std::io::{BufRead, BufReader, Write};
    let stream = std::os::unix::net::UnixStream::connect(path)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    (&stream).write_all(b"SET self CLIENT_NAME torget:voices:list\r\nLIST SYNTHESIS_VOICES\r\n")?;
    let mut reader = BufReader::new(&stream);
    let mut reply = String::new();
    let mut line = String::new();
    let mut answers = 0;
    while answers < 2 {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "speech-dispatcher hung up"));
        }
        // The last line of each answer has a space after its code, the others a dash.
        if line.as_bytes().get(3) == Some(&b' ') {
            answers += 1;
            if answers == 2 && !line.starts_with("249 ") {
                return Err(std::io::Error::other(format!("speech-dispatcher: {}", line.trim_end())));
            }
        } else if answers == 1 {
            reply.push_str(&line);
        }
    }
    let _ = (&stream).write_all(b"QUIT\r\n");
    Ok(parse_voice_list(&reply))
}

/// The voices speech-dispatcher offers: over a socket of its own where it can, else through libspeechd.
fn list_voices(connection: &speech_dispatcher::Connection) -> Result<Vec<Voice>, String> {
    if let Some(path) = ssip_socket() {
        match list_voices_over_socket(&path) {
            Ok(voices) if !voices.is_empty() => return Ok(voices),
            Ok(_) => {
                tracing::warn!(socket = %path.display(), "speech-dispatcher listed no voices; asking again through libspeechd")
            }
            Err(e) => {
                tracing::warn!(socket = %path.display(), error = %e, "voice list over the socket failed; asking through libspeechd")
            }
        }
    }
    let voices = connection.list_synthesis_voices().map_err(|e| format!("speech-dispatcher voices: {e}"))?;
    Ok(voices
        .into_iter()
        .map(|v| Voice { name: v.name, language: v.language, variant: v.variant.unwrap_or_else(|| "none".into()) })
        .collect())
}

struct Engine {
    connection: speech_dispatcher::Connection,
    /// language code → voice
    voices: BTreeMap<String, Voice>,
    /// The language whose voice is set (setting it is one SSIP command, but a same-language page
    /// needs none).
    current: Option<String>,
    /// Set by speech-dispatcher's begin, end and cancel events.
    speaking: Arc<AtomicBool>,
}

fn connect(wanted: &BTreeMap<String, String>) -> Result<Engine, String> {
    use speech_dispatcher::{Connection, Mode};
    // Starts speech-dispatcher when it is not running (libspeechd's autospawn).
    let connection =
        Connection::open("torget", "kiosk", "torget", Mode::Threaded).map_err(|e| format!("speech-dispatcher: {e}"))?;
    let voices = choose_voices(wanted, &list_voices(&connection)?);
    let speaking = Arc::new(AtomicBool::new(false));
    let flag = |value: bool| {
        let speaking = speaking.clone();
        Some(Box::new(move |_msg: usize, _client: usize| speaking.store(value, Ordering::SeqCst))
            as Box<dyn FnMut(usize, usize)>)
    };
    connection.on_begin(flag(true));
    connection.on_end(flag(false));
    connection.on_cancel(flag(false));
    Ok(Engine { connection, voices, current: None, speaking })
}

fn run(rx: Receiver<Command>, status: Arc<Mutex<SpeechStatus>>, wanted: BTreeMap<String, String>) {
    let set = |f: &dyn Fn(&mut SpeechStatus)| f(&mut status.lock().unwrap_or_else(|p| p.into_inner()));
    let mut engine: Option<Engine> = None;
    let mut last: Vec<(String, String)> = Vec::new();
    let (mut rate, mut volume) = (0, 0);
    loop {
        if engine.is_none() {
            match connect(&wanted) {
                Ok(e) => {
                    let languages: Vec<String> = e.voices.keys().cloned().collect();
                    tracing::info!(?languages, "speech available");
                    set(&|s| {
                        s.available = true;
                        s.languages = languages.clone();
                        s.error = None;
                    });
                    engine = Some(e);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "speech unavailable; retrying in the background");
                    set(&|s| {
                        s.available = false;
                        s.error = Some(e.clone());
                    });
                }
            }
        }
        let first = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(c) => Some(c),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let Some(e) = engine.as_mut() else {
            if first.is_some() {
                // Retry sooner when someone wants speech.
                continue;
            }
            std::thread::sleep(Duration::from_secs(5));
            continue;
        };
        let speaking = e.speaking.load(Ordering::SeqCst);
        set(&|s| s.speaking = speaking);
        // Commands that waited (while speech-dispatcher started or listed its voices) are taken
        // together: a page is still read when it is the last one, never dropped, but pages already
        // left are not read one after the other.
        let commands: Vec<Command> = first.into_iter().chain(rx.try_iter()).collect();
        let mut result = Ok(());
        for (i, command) in commands.iter().enumerate() {
            let superseded =
                commands[i + 1..].iter().any(|c| matches!(c, Command::Say(_) | Command::Repeat | Command::Stop));
            result = match command {
                Command::Say(parts) => {
                    last = parts.clone();
                    if superseded { Ok(()) } else { say(e, parts, rate, volume) }
                }
                Command::Repeat if superseded => Ok(()),
                Command::Repeat => say(e, &last, rate, volume),
                Command::Forget => {
                    last.clear();
                    Ok(())
                }
                Command::Stop => e.connection.cancel().map_err(|err| err.to_string()),
                Command::Rate(step) => {
                    rate = (*step).clamp(-2, 2);
                    Ok(())
                }
                Command::Volume(step) => {
                    volume = (*step).clamp(-2, 2);
                    Ok(())
                }
            };
            if result.is_err() {
                break;
            }
        }
        if let Err(err) = result {
            tracing::warn!(error = %err, "speech failed; reconnecting");
            set(&|s| {
                s.available = false;
                s.error = Some(err.clone());
            });
            engine = None;
        }
    }
}

fn say(e: &mut Engine, parts: &[(String, String)], rate: i32, volume: i32) -> Result<(), String> {
    use speech_dispatcher::Priority;
    let c = &e.connection;
    fn failed(what: &'static str) -> impl Fn(speech_dispatcher::Error) -> String {
        move |err| format!("speech-dispatcher {what}: {err}")
    }
    c.cancel().map_err(failed("cancel"))?;
    c.set_voice_rate(scaled(rate, RATE.0, RATE.1, RATE.2) as i32).map_err(failed("rate"))?;
    c.set_volume(scaled(volume, VOLUME.0, VOLUME.1, VOLUME.2) as i32).map_err(failed("volume"))?;
    for (text, lang) in parts {
        // A language with no voice is never spoken with another language's voice.
        let Some(voice) = e.voices.get(lang) else { continue };
        if e.current.as_deref() != Some(lang.as_str()) {
            // Two SSIP commands, answered at once: no voice list is read.
            c.set_language(voice.language.as_str()).map_err(failed("language"))?;
            c.set_synthesis_voice(&speech_dispatcher::Voice {
                name: voice.name.clone(),
                language: voice.language.clone(),
                variant: None,
            })
            .map_err(failed("voice"))?;
            e.current = Some(lang.clone());
        }
        // Important messages are queued behind one another, so the parts are read in order.
        c.say(Priority::Important, text.as_str()).ok_or_else(|| "speech-dispatcher refused the text".to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn swedish() -> Pronunciation {
        let mut p = Pronunciation::default();
        p.abbreviations.insert("kl.".into(), "klockan".into());
        p.abbreviations.insert("t.ex.".into(), "till exempel".into());
        p.spelling.insert("K".into(), "Kalle".into());
        p.spelling.insert("7".into(), "sju".into());
        p.spelling.insert("-".into(), ",".into());
        p
    }

    #[test]
    fn bidi_marks_go_and_abbreviations_are_said_in_full() {
        let p = swedish();
        assert_eq!(p.prepare("Öppet kl. 8, t.ex. måndag"), "Öppet klockan 8, till exempel måndag");
        assert_eq!(p.prepare("\u{2068}Anna\u{2069} kl.,"), "Anna klockan,");
        assert_eq!(p.prepare("klocka"), "klocka", "only whole words");
    }

    #[test]
    fn a_code_is_spelled_with_the_languages_alphabet() {
        assert_eq!(swedish().spell("K7-K"), "Kalle sju , Kalle");
    }

    #[test]
    fn the_voice_list_is_read_from_the_ssip_reply() {
        let reply = "249-Afrikaans\taf\tnone\r\n249-English (Great Britain)\ten-GB\tnone\r\n\
                     249-English (Great Britain)+Alex\ten-GB\tAlex\r\n249-broken\r\n249 OK VOICE LIST SENT\r\n";
        let voices = parse_voice_list(reply);
        assert_eq!(voices.len(), 3, "{voices:?}");
        assert_eq!(voices[1].language, "en-GB");
        assert_eq!(voices[2].variant, "Alex");
    }

    #[test]
    fn each_language_gets_its_own_voice_and_none_gets_another_languages() {
        let voice = |name: &str, language: &str, variant: &str| Voice {
            name: name.into(),
            language: language.into(),
            variant: variant.into(),
        };
        let offered = [
            voice("Arabic+f3", "ar", "f3"),
            voice("Arabic", "ar", "none"),
            voice("English (Great Britain)", "en-GB", "none"),
            voice("Swedish", "sv", "none"),
        ];
        let wanted: BTreeMap<String, String> = [("ar", "ar"), ("en", "en"), ("sv", "sv"), ("so", "so"), ("fi", "")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let chosen = choose_voices(&wanted, &offered);
        assert_eq!(chosen["ar"].name, "Arabic", "the language's own voice before a variant");
        assert_eq!(chosen["en"].language, "en-GB", "a regional voice for its primary language");
        assert_eq!(chosen.keys().collect::<Vec<_>>(), ["ar", "en", "sv"], "no voice for so or fi");
    }

    #[test]
    fn steps_stay_in_the_backends_range() {
        assert_eq!(scaled(0, 0.0, 50.0, 100.0), 50.0);
        assert!(scaled(2, 0.0, 50.0, 100.0) <= 100.0 && scaled(2, 0.0, 50.0, 100.0) > 50.0);
        assert!(scaled(-9, 0.0, 50.0, 100.0) >= 0.0);
        assert!(scaled(-1, -100.0, 0.0, 100.0) < 0.0);
    }
}
