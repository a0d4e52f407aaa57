//! Real speech, really heard: speech-dispatcher and espeak-ng play into a PulseAudio null sink, and
//! the tests record the sink's monitor with `parec` and measure the sound.

use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use torget::speech::{Command as Say, Speech};

/// One sound card for all tests of this file: they take turns.
static SINK: Mutex<()> = Mutex::new(());

const RATE: usize = 16_000;

fn ensure_sound_server() {
    let sinks = || {
        Command::new("pactl")
            .args(["list", "short", "sinks"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
    };
    if sinks().is_err() || !sinks().unwrap().contains("kiosk") {
        if Command::new("pulseaudio").arg("--check").status().map(|s| !s.success()).unwrap_or(true) {
            let started = Command::new("pulseaudio")
                .args([
                    "--daemonize=yes",
                    "--exit-idle-time=-1",
                    "-n",
                    "--load=module-null-sink sink_name=kiosk",
                    "--load=module-native-protocol-unix",
                ])
                .stderr(Stdio::null())
                .status()
                .expect("pulseaudio is installed (make test installs it)");
            assert!(started.success(), "pulseaudio could not start");
        } else {
            Command::new("pactl").args(["load-module", "module-null-sink", "sink_name=kiosk"]).status().unwrap();
        }
    }
    assert!(Command::new("pactl").args(["set-default-sink", "kiosk"]).status().unwrap().success());
}

struct Recording {
    child: Child,
    file: tempfile::NamedTempFile,
    started: Instant,
}

/// Records the sink into a file (a pipe would fill up and make parec drop sound).
fn record() -> Recording {
    let file = tempfile::NamedTempFile::new().unwrap();
    let child = Command::new("parec")
        .args(["-d", "kiosk.monitor", "--raw", "--format=s16le", "--rate=16000", "--channels=1", "--latency-msec=20"])
        .stdout(file.reopen().unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("parec is installed");
    // parec needs a moment to connect; the recording's clock starts when its first bytes arrive.
    let start = Instant::now();
    while file.as_file().metadata().unwrap().len() == 0 {
        assert!(start.elapsed() < Duration::from_secs(5), "parec records nothing");
        std::thread::sleep(Duration::from_millis(5));
    }
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(200));
    Recording { child, file, started }
}

impl Recording {
    /// Seconds into the recording until now.
    fn now(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Waits until the recording holds sound after `after` seconds, and returns when it began; the
    /// file is read as parec writes it.
    fn wait_for_sound(&self, after: f64, deadline: Duration) -> Option<f64> {
        let start = Instant::now();
        loop {
            let mut bytes = Vec::new();
            self.file.reopen().unwrap().read_to_end(&mut bytes).unwrap();
            let samples: Vec<i16> = bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
            let from = ((after * RATE as f64) as usize).min(samples.len());
            if let Some((begin, _)) = voiced_in(&samples[from..], RATE / 100) {
                return Some(after + begin);
            }
            if start.elapsed() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn finish(mut self) -> Vec<i16> {
        let _ = self.child.kill();
        self.child.wait().unwrap();
        let mut bytes = Vec::new();
        self.file.reopen().unwrap().read_to_end(&mut bytes).unwrap();
        bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect()
    }
}

/// Start and end (seconds into the recording) of the sound in it, in 20 ms windows.
fn voiced(samples: &[i16]) -> Option<(f64, f64)> {
    voiced_in(samples, RATE / 50)
}

/// Start and end (seconds) of the sound in `samples`, in windows of `window` samples.
fn voiced_in(samples: &[i16], window: usize) -> Option<(f64, f64)> {
    let seconds = window as f64 / RATE as f64;
    let loud: Vec<usize> = samples
        .chunks(window)
        .enumerate()
        .filter(|(_, w)| (w.iter().map(|&s| (s as f64).powi(2)).sum::<f64>() / w.len() as f64).sqrt() > 300.0)
        .map(|(i, _)| i)
        .collect();
    Some((*loud.first()? as f64 * seconds, (*loud.last()? + 1) as f64 * seconds))
}

/// One speech thread for all tests (connecting takes seconds).
fn speech() -> Speech {
    static SPEECH: std::sync::OnceLock<Speech> = std::sync::OnceLock::new();
    SPEECH.get_or_init(start_speech).clone()
}

fn start_speech() -> Speech {
    ensure_sound_server();
    let voices: BTreeMap<String, String> =
        [("sv", "sv"), ("nb", "nb"), ("en", "en"), ("fi", "fi"), ("ar", "ar"), ("uk", "uk")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    let speech = Speech::start(voices);
    let start = Instant::now();
    while !speech.can_speak("sv") {
        assert!(start.elapsed() < Duration::from_secs(30), "speech never became available: {:?}", speech.status());
        std::thread::sleep(Duration::from_millis(50));
    }
    speech
}

/// Waits for an utterance to begin and end.
fn wait_spoken(speech: &Speech) {
    let start = Instant::now();
    while !speech.status().speaking {
        assert!(start.elapsed() < Duration::from_secs(10), "speech never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    while speech.status().speaking {
        assert!(start.elapsed() < Duration::from_secs(60), "speech never ended");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
}

fn say(text: &str, lang: &str) -> Say {
    Say::Say(vec![(text.to_string(), lang.to_string())])
}

/// How long `text` takes to say, measured from the recording.
fn spoken_seconds(speech: &Speech, text: &str, lang: &str) -> f64 {
    let rec = record();
    speech.send(say(text, lang));
    wait_spoken(speech);
    let samples = rec.finish();
    let (from, to) = voiced(&samples).unwrap_or_else(|| panic!("silence while saying {text:?} in {lang}"));
    to - from
}

const SHORT_SV: &str = "Vad är fel?";
const LONG_SV: &str = "Vad är fel? Välj det som passar bäst. En gatlampa fungerar inte, ett hål i vägen, klotter, skräp eller något annat.";

#[test]
fn swedish_and_arabic_pages_are_heard_and_longer_text_takes_longer() {
    let _turn = SINK.lock().unwrap_or_else(|p| p.into_inner());
    let speech = speech();
    let short_sv = spoken_seconds(&speech, SHORT_SV, "sv");
    let long_sv = spoken_seconds(&speech, LONG_SV, "sv");
    assert!(long_sv > short_sv * 2.0, "sv: {short_sv:.2}s vs {long_sv:.2}s");
    assert!(speech.can_speak("ar"), "an Arabic voice: {:?}", speech.status());
    let short_ar = spoken_seconds(&speech, "ما المشكلة؟", "ar");
    let long_ar = spoken_seconds(
        &speech,
        "ما المشكلة؟ اختر الإجابة الأنسب. ضوء في الشارع لا يعمل، حفرة في الطريق، كتابة على الجدران، قمامة أو شيء آخر.",
        "ar",
    );
    assert!(long_ar > short_ar * 2.0, "ar: {short_ar:.2}s vs {long_ar:.2}s");
}

#[test]
fn stop_silences_within_300_ms_and_repeat_plays_again() {
    let _turn = SINK.lock().unwrap_or_else(|p| p.into_inner());
    let speech = speech();
    let rec = record();
    speech.send(say(LONG_SV, "sv"));
    let start = Instant::now();
    while !speech.status().speaking {
        assert!(start.elapsed() < Duration::from_secs(10), "speech never started");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(1000));
    let stopped_at = rec.started.elapsed().as_secs_f64();
    speech.send(Say::Stop);
    std::thread::sleep(Duration::from_millis(1200));
    let repeated_at = rec.started.elapsed().as_secs_f64();
    speech.send(Say::Repeat);
    std::thread::sleep(Duration::from_millis(1500));
    speech.send(Say::Stop);
    std::thread::sleep(Duration::from_millis(500));
    let samples = rec.finish();
    let before_stop = &samples[..(stopped_at * RATE as f64) as usize];
    assert!(voiced(before_stop).is_some(), "speech played before stop");
    let between = &samples[((stopped_at + 0.3) * RATE as f64) as usize..(repeated_at * RATE as f64) as usize];
    assert!(voiced(between).is_none(), "still sound more than 300 ms after stop: {:?}", voiced(between));
    let after_repeat = &samples[(repeated_at * RATE as f64) as usize..];
    assert!(voiced(after_repeat).is_some(), "repeat plays the text again");
}

#[test]
fn a_faster_rate_is_measurably_shorter() {
    let _turn = SINK.lock().unwrap_or_else(|p| p.into_inner());
    let speech = speech();
    speech.send(Say::Rate(0));
    let normal = spoken_seconds(&speech, LONG_SV, "sv");
    speech.send(Say::Rate(2));
    let fast = spoken_seconds(&speech, LONG_SV, "sv");
    speech.send(Say::Rate(0));
    assert!(fast < normal * 0.85, "normal {normal:.2}s, fastest {fast:.2}s");
}

#[test]
fn a_language_without_a_voice_is_never_spoken_with_another_voice() {
    let _turn = SINK.lock().unwrap_or_else(|p| p.into_inner());
    let speech = speech();
    assert!(!speech.can_speak("so"), "no Somali voice is configured");
    let rec = record();
    speech.send(say("Maxaa khaldan?", "so"));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(voiced(&rec.finish()).is_none(), "nothing is said in a wrong voice");
}

#[path = "common/mod.rs"]
mod common;

/// Waits until speech-dispatcher reports the kiosk silent.
fn wait_silent(speech: &Speech) {
    common::wait_for("speech to stop", Duration::from_secs(10), || (!speech.status().speaking).then_some(()));
}

#[test]
fn the_first_page_in_a_newly_chosen_language_is_heard_within_300_ms() {
    use torget::app::{Action, App};
    let _turn = SINK.lock().unwrap_or_else(|p| p.into_inner());
    let speech = speech();
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(common::app_parts(dir.path().join("kiosk.db")).0, Instant::now());
    app.set_speech(speech.clone());
    app.handle(Action::ToggleSpeech, Instant::now());
    let mut delays: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for _round in 0..3 {
        for code in ["ar", "uk", "fi"] {
            assert!(speech.can_speak(code), "a voice for {code}: {:?}", speech.status());
            let index = app.catalog().languages.iter().position(|l| l.code == code).expect("the language is offered");
            // The language page is read in the language of the moment (each name in its own
            // language), then silenced, so that only the new page's sound is measured.
            app.handle(Action::OpenLanguages, Instant::now());
            common::wait_for("the language page to be read", Duration::from_secs(10), || {
                speech.status().speaking.then_some(())
            });
            app.handle(Action::StopSpeech, Instant::now());
            wait_silent(&speech);
            let rec = record();
            let shown = rec.now();
            app.handle(Action::ChooseLanguage(index), Instant::now());
            assert_eq!(app.view(Instant::now()).lang, code);
            let heard = rec
                .wait_for_sound(shown, Duration::from_secs(10))
                .unwrap_or_else(|| panic!("the first page in {code} was never heard"));
            app.handle(Action::StopSpeech, Instant::now());
            wait_silent(&speech);
            let samples = rec.finish();
            let before = &samples[((shown - 0.15).max(0.0) * RATE as f64) as usize..(shown * RATE as f64) as usize];
            assert!(voiced(before).is_none(), "silence before the page in {code} was shown");
            delays.entry(code).or_default().push((heard - shown) * 1000.0);
        }
    }
    for (code, ms) in &mut delays {
        ms.sort_by(|a, b| a.total_cmp(b));
        let median = ms[ms.len() / 2];
        assert!(median <= 300.0, "{code}: first audio {ms:.0?} ms after the page was shown (median {median:.0} ms)");
    }
}

#[test]
fn the_review_page_through_the_loudspeaker_carries_no_typed_answer_and_headphones_hear_them() {
    use torget::app::{Action, App};
    let _turn = SINK.lock().unwrap_or_else(|p| p.into_inner());
    let speech = speech();
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(common::app_parts(dir.path().join("kiosk.db")).0, Instant::now());
    app.set_headphone_jack(true);
    app.handle(Action::ToggleSpeech, Instant::now());
    common::permit_review(&mut app, "811218-9876", "Anna Margareta Lindqvist Johansson Östergren");
    let heard = |app: &App| {
        let parts = app.spoken_page(&app.view(Instant::now()));
        let rec = record();
        speech.send(Say::Say(parts.clone()));
        wait_spoken(&speech);
        let samples = rec.finish();
        let (from, to) = voiced(&samples).expect("the review page was heard");
        (to - from, parts)
    };
    let (loudspeaker, said) = heard(&app);
    assert!(!format!("{said:?}").contains("Lindqvist"), "{said:?}");
    app.handle(Action::TogglePrivateListening, Instant::now());
    let (headphones, said) = heard(&app);
    assert!(format!("{said:?}").contains("Lindqvist"), "{said:?}");
    // The typed name and the other answers take seconds to say: on the loudspeaker they are missing.
    assert!(headphones > loudspeaker + 1.5, "loudspeaker {loudspeaker:.2} s, headphones {headphones:.2} s");
}

#[test]
fn a_page_asked_for_while_speech_is_starting_is_read_not_dropped() {
    let _turn = SINK.lock().unwrap_or_else(|p| p.into_inner());
    ensure_sound_server();
    let rec = record();
    let asked = rec.now();
    // Sent at once: the new thread is still connecting and listing the voices.
    let speech = Speech::start([("sv".to_string(), "sv".to_string())].into_iter().collect());
    speech.send(say(SHORT_SV, "sv"));
    assert!(!speech.status().available, "the page was asked for before speech was ready");
    let heard = rec.wait_for_sound(asked, Duration::from_secs(15));
    speech.send(Say::Stop);
    rec.finish();
    assert!(heard.is_some(), "the page asked for while speech started was read: {:?}", speech.status());
}
