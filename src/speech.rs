//! Text-to-speech: the kiosk reads every page aloud, in the page's language, under the visitor's
//! control (EN 301 549 5.1.3: closed functionality must speak for itself).
//!
//! One thread owns the one `tts::Tts` (speech-dispatcher with espeak-ng on Linux) and takes
//! [`Command`]s from a queue; the UI only sends and never waits. New speech interrupts the old.
//! If speech-dispatcher is missing or dies, the thread says so in [`SpeechStatus`] and tries again
//! in the background; the kiosk keeps working. This module also prepares text for speaking: bidi
//! marks removed, abbreviations expanded, reference codes spelled out (see `locales/<lang>/speech.toml`).

use std::collections::BTreeMap;
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

/// Rate and volume for a step, within the backend's range.
fn scaled(step: i32, min: f32, normal: f32, max: f32) -> f32 {
    let step = step.clamp(-2, 2) as f32;
    if step >= 0.0 { normal + (max - normal) * step * 0.3 } else { normal + (normal - min) * step * 0.3 }
}

struct Engine {
    tts: tts::Tts,
    /// language code → voice
    voices: BTreeMap<String, tts::Voice>,
    /// The language whose voice is set: choosing a voice asks speech-dispatcher for its whole list
    /// (about 1.7 s with espeak-ng's thousands of variants), so it is done only when the language changes.
    current: Option<String>,
}

fn connect(wanted: &BTreeMap<String, String>) -> Result<Engine, String> {
    let tts = tts::Tts::default().map_err(|e| format!("speech-dispatcher: {e}"))?;
    let all = tts.voices().map_err(|e| format!("speech-dispatcher voices: {e}"))?;
    let mut voices = BTreeMap::new();
    for (lang, voice_lang) in wanted {
        let found = all
            .iter()
            .find(|v| v.language().as_str().eq_ignore_ascii_case(voice_lang))
            .or_else(|| all.iter().find(|v| v.language().primary_language().eq_ignore_ascii_case(voice_lang)));
        if let Some(v) = found {
            voices.insert(lang.clone(), v.clone());
        }
    }
    Ok(Engine { tts, voices, current: None })
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
        let command = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(c) => Some(c),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let Some(e) = engine.as_mut() else {
            if command.is_some() {
                // Retry sooner when someone wants speech.
                continue;
            }
            std::thread::sleep(Duration::from_secs(5));
            continue;
        };
        let speaking = e.tts.is_speaking().unwrap_or(false);
        set(&|s| s.speaking = speaking);
        let Some(command) = command else { continue };
        let result = match command {
            Command::Say(parts) => {
                last = parts.clone();
                say(e, &parts, rate, volume)
            }
            Command::Repeat => say(e, &last, rate, volume),
            Command::Forget => {
                last.clear();
                Ok(())
            }
            Command::Stop => e.tts.stop().map(|_| ()).map_err(|err| err.to_string()),
            Command::Rate(step) => {
                rate = step.clamp(-2, 2);
                Ok(())
            }
            Command::Volume(step) => {
                volume = step.clamp(-2, 2);
                Ok(())
            }
        };
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
    let tts = &mut e.tts;
    let (min, normal, max) = (tts.min_rate(), tts.normal_rate(), tts.max_rate());
    tts.set_rate(scaled(rate, min, normal, max)).map_err(|err| err.to_string())?;
    let (min, normal, max) = (tts.min_volume(), tts.normal_volume(), tts.max_volume());
    tts.set_volume(scaled(volume, min, normal, max)).map_err(|err| err.to_string())?;
    let mut first = true;
    for (text, lang) in parts {
        // A language with no voice is never spoken with another language's voice.
        let Some(voice) = e.voices.get(lang) else { continue };
        if e.current.as_deref() != Some(lang.as_str()) {
            tts.set_voice(voice).map_err(|err| err.to_string())?;
            e.current = Some(lang.clone());
        }
        tts.speak(text.clone(), first).map_err(|err| err.to_string())?;
        first = false;
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
    fn steps_stay_in_the_backends_range() {
        assert_eq!(scaled(0, 0.0, 50.0, 100.0), 50.0);
        assert!(scaled(2, 0.0, 50.0, 100.0) <= 100.0 && scaled(2, 0.0, 50.0, 100.0) > 50.0);
        assert!(scaled(-9, 0.0, 50.0, 100.0) >= 0.0);
        assert!(scaled(-1, -100.0, 0.0, 100.0) < 0.0);
    }
}
