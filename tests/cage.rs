//! The kiosk as the package runs it: the real `torget` binary inside Debian's cage 0.1.4 (the
//! compositor `packaging/torget/torget-kiosk.service` starts it in), driven through the compositor.
//!
//! cage runs on wlroots' X11 backend inside a private Xvfb: its headless backend returns stale
//! frames and takes no input (issue 27). Frames are read through the compositor with grim, taps
//! reach the kiosk through it as `wl_pointer` events from xdotool, and every page is compared with
//! the software renderer's picture of the same screen at the same size (what `torget screenshot`
//! draws). cage refuses to run as root, so Xvfb, cage and the tools run as `nobody`, with a home,
//! a runtime folder, a data folder and a copy of the content of the test's own.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use slint::ComponentHandle;
use torget::ui::KioskUi;
use torget::ui::screenshot::Canvas;

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 720;
/// How long a frame must stay the same before it counts as settled: longer than the kiosk's
/// double-tap guard (`ui::SETTLE`, 500 ms), during which a new page ignores taps.
const STILL: Duration = Duration::from_millis(700);
/// A pixel differs when a channel differs by more than this (rounding in blending, not content).
const CHANNEL_SLACK: u8 = 16;
/// Pixels that may differ between a frame and the picture it shows: 0.1 % of the screen. Pages
/// differ from each other in far more (checked below), so a frame matches one picture only.
const MAX_DIFFERING: usize = (WIDTH * HEIGHT / 1000) as usize;

/// The unprivileged user everything under the compositor runs as; it exists on every Debian.
const USER: &str = "nobody";

#[derive(PartialEq)]
struct Frame {
    w: u32,
    h: u32,
    /// RGB, row by row.
    rgb: Vec<u8>,
}

impl Frame {
    fn from_rgba(w: u32, h: u32, rgba: &[u8]) -> Frame {
        Frame { w, h, rgb: rgba.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect() }
    }

    fn from_png(bytes: &[u8]) -> Option<Frame> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().ok()?;
        let mut buf = vec![0; reader.output_buffer_size()?];
        let info = reader.next_frame(&mut buf).ok()?;
        let channels = match info.color_type {
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            _ => return None,
        };
        let rgb = buf[..info.buffer_size()].chunks(channels).flat_map(|p| [p[0], p[1], p[2]]).collect();
        Some(Frame { w: info.width, h: info.height, rgb })
    }

    /// How many pixels show something else than in `other` (all of them at another size).
    fn differing(&self, other: &Frame) -> usize {
        if (self.w, self.h) != (other.w, other.h) {
            return (self.w * self.h) as usize;
        }
        self.rgb
            .chunks(3)
            .zip(other.rgb.chunks(3))
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > CHANNEL_SLACK))
            .count()
    }

    fn shows(&self, picture: &Frame) -> bool {
        self.differing(picture) <= MAX_DIFFERING
    }

    /// More than one colour: the kiosk drew something (an empty output is one colour).
    fn drawn(&self) -> bool {
        self.rgb.chunks(3).any(|p| p != &self.rgb[..3])
    }

    fn save(&self, path: &Path) {
        let rgba: Vec<u8> = self.rgb.chunks(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
        torget::ui::screenshot::write_png(path, self.w, self.h, &rgba).unwrap();
    }
}

/// What the software renderer draws at 1280×720: the pages the visitor should see, and where
/// "English" is on the language page.
struct Pictures {
    /// The start screen once per greeting: the greeting cycles through the languages, so the
    /// frame the compositor shows is one of these, depending on the moment.
    start: Vec<Frame>,
    language: Frame,
    home_en: Frame,
    /// The centre of the English button on the language page, in pixels.
    english: (u32, u32),
}

fn draw_pictures(root: &Path, out: &Path) -> Pictures {
    let canvas = Canvas::install().unwrap();
    canvas.resize(WIDTH, HEIGHT);
    let data = tempfile::tempdir().unwrap();
    let (catalog, _) = torget::lint::load_checked(root).unwrap();
    let default = catalog.default_language.clone();
    let english = catalog.language("en").expect("the demo content has English").endonym.clone();
    let mut n = 0;
    let mut show = |screen: &str, lang: &str| {
        n += 1;
        let app =
            torget::demo::screen_app(root, screen, torget::demo::screen_database(screen, data.path(), n)).unwrap();
        let ui = KioskUi::new(app).unwrap();
        torget::demo::show(&ui, screen, lang, 0).unwrap();
        ui
    };
    let draw = |name: &str| {
        let (w, h, rgba) = canvas.draw();
        assert_eq!((w, h), (WIDTH, HEIGHT));
        let frame = Frame::from_rgba(w, h, &rgba);
        frame.save(&out.join(format!("expected-{name}.png")));
        frame
    };

    // The clock turns the greeting (and the Listen button) to the next language every few ticks;
    // a hundred ticks go round every language.
    let ui = show("attract", &default);
    let now = Instant::now();
    let mut greetings = Vec::new();
    let mut start = Vec::new();
    for _ in 0..100 {
        let words = ui.with_app(|a| {
            let v = a.view(now);
            [v.greeting, v.touch, v.speech.listen]
        });
        if !greetings.contains(&words) {
            greetings.push(words);
            start.push(draw(&format!("start-{}", start.len())));
        }
        ui.tick_at(now);
    }
    assert!(start.len() >= catalog.languages.len(), "one greeting per language: {}", start.len());
    drop(ui);

    let ui = show("language", &default);
    let language = draw("language");
    // Elements are placed in logical pixels; the screen has physical ones.
    let scale = ui.window().window().scale_factor();
    let at = ElementHandle::find_by_accessible_label(ui.window(), &english)
        .filter(|e| matches!(e.accessible_role(), Some(AccessibleRole::Button | AccessibleRole::RadioButton)))
        .map(|e| (e.absolute_position(), e.size()))
        .map(|(p, s)| ((p.x + s.width / 2.0) * scale, (p.y + s.height / 2.0) * scale))
        .find(|&(x, y)| x > 0.0 && y > 0.0 && x < WIDTH as f32 && y < HEIGHT as f32)
        .unwrap_or_else(|| panic!("no button {english:?} on the language page at {WIDTH}×{HEIGHT}"));
    drop(ui);

    let _ui = show("home", "en");
    let home_en = draw("home-en");

    // Each page must be told apart from the others, or matching a frame proves nothing.
    let pages: Vec<&Frame> = start.iter().chain([&language, &home_en]).collect();
    for (i, a) in pages.iter().enumerate() {
        for b in &pages[i + 1..] {
            assert!(!a.shows(b), "two different pages look alike at {WIDTH}×{HEIGHT}");
        }
    }
    Pictures { start, language, home_en, english: (at.0.round() as u32, at.1.round() as u32) }
}

/// The user's id and its group's.
fn user_ids() -> (u32, u32) {
    static IDS: std::sync::OnceLock<(u32, u32)> = std::sync::OnceLock::new();
    *IDS.get_or_init(|| {
        let id = |flag: &str| {
            let out = Command::new("id").args([flag, USER]).output().unwrap();
            assert!(out.status.success(), "there is no user {USER}");
            String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
        };
        (id("-u"), id("-g"))
    })
}

/// A folder the user owns, with this mode.
fn own_dir(path: &Path, mode: u32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let (uid, gid) = user_ids();
    std::fs::create_dir_all(path).unwrap();
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    path.to_path_buf()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Xvfb with cage on it and the kiosk in cage; everything stopped when dropped, however the test ends.
struct Compositor {
    dir: tempfile::TempDir,
    display: String,
    xvfb: Child,
    cage: Option<Child>,
    /// cage's window on the Xvfb screen.
    window: String,
}

impl Compositor {
    /// Runs a tool on the compositor's screen (X11 and Wayland) as the user.
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let mut c = command_as_nobody(self.dir.path(), program);
        c.args(args).env("DISPLAY", &self.display).env("WAYLAND_DISPLAY", "wayland-0");
        c.stdin(Stdio::null()).output().unwrap()
    }

    /// The end of what cage and the kiosk wrote.
    fn log(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("cage.log")).unwrap_or_default();
        // wlroots says this on every screen copy of an X11 output; it hides everything else.
        let lines: Vec<&str> = log.lines().filter(|l| !l.contains("Basic output test failed")).collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// The frame on the compositor's output now; `None` while grim cannot read one.
    fn shot(&self) -> Option<Frame> {
        let out = self.run("grim", &["-l", "1", "-"]);
        out.status.success().then(|| Frame::from_png(&out.stdout)).flatten()
    }

    /// The first frame that has stayed the same for [`STILL`] and that `wanted` takes.
    fn settled(&self, what: &str, limit: Duration, wanted: impl Fn(&Frame) -> bool) -> Frame {
        let until = Instant::now() + limit;
        let mut last: Option<(Frame, Instant)> = None;
        loop {
            if let Some(frame) = self.shot() {
                match &last {
                    Some((seen, since)) if *seen == frame => {
                        if since.elapsed() >= STILL && wanted(&frame) {
                            return frame;
                        }
                    }
                    _ => last = Some((frame, Instant::now())),
                }
            }
            if Instant::now() > until {
                if let Some((frame, _)) = &last {
                    frame.save(&out_dir().join("timed-out.png"));
                }
                panic!("timed out after {limit:?} waiting for {what} (last frame: timed-out.png)\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A finger on the screen at (x, y): a press and release through the X server and cage.
    fn tap(&self, (x, y): (u32, u32)) {
        let out =
            self.run("xdotool", &["mousemove", "--window", &self.window, &x.to_string(), &y.to_string(), "click", "1"]);
        assert!(out.status.success(), "xdotool: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// The kiosk: cage's child.
    fn kiosk_pid(&self) -> Option<u32> {
        let cage = self.cage.as_ref()?.id();
        std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // "pid (name) state ppid …"; the name may hold spaces and brackets.
            let ppid: u32 = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            (ppid == cage).then(|| e.file_name().to_str()?.parse().ok()).flatten()
        })
    }

    /// Ends the kiosk as systemd would; cage then ends by itself (a signal to cage 0.1.4 aborts it).
    /// Whether cage ended within `limit`.
    fn stop_kiosk(&mut self, limit: Duration) -> bool {
        if let Some(pid) = self.kiosk_pid() {
            terminate(pid);
        }
        let ended = self.cage.as_mut().is_none_or(|cage| wait_until_ended(cage, limit));
        if ended {
            self.cage = None;
        }
        ended
    }
}

impl Drop for Compositor {
    fn drop(&mut self) {
        if !self.stop_kiosk(Duration::from_secs(10))
            && let Some(cage) = self.cage.as_mut()
        {
            let _ = cage.kill();
            let _ = cage.wait();
        }
        // Asked, Xvfb removes its socket and lock file; killed, it leaves them behind.
        terminate(self.xvfb.id());
        if !wait_until_ended(&mut self.xvfb, Duration::from_secs(10)) {
            let _ = self.xvfb.kill();
            let _ = self.xvfb.wait();
        }
    }
}

/// SIGTERM, through the shell's own `kill` (procps may be missing on a small machine).
fn terminate(pid: u32) {
    let _ = Command::new("sh").args(["-c", "kill -TERM \"$1\"", "sh", &pid.to_string()]).stderr(Stdio::null()).status();
}

fn wait_until_ended(child: &mut Child, limit: Duration) -> bool {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if child.try_wait().ok().flatten().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A command run as the user, with the test's home and runtime folder and nothing else from this
/// process's environment.
fn command_as_nobody(dir: &Path, program: &str) -> Command {
    let mut c = Command::new("setpriv");
    let (uid, gid) = user_ids();
    c.args([&format!("--reuid={uid}"), &format!("--regid={gid}"), "--init-groups", "--"]).arg(program);
    c.env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", dir.join("home"))
        .env("XDG_RUNTIME_DIR", dir.join("run"))
        .current_dir(dir.join("home"));
    c
}

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cage")
}

/// Starts Xvfb, cage with the kiosk in it, and sizes cage's window to the screen.
fn start(root: &Path) -> Compositor {
    for tool in ["/usr/bin/Xvfb", "/usr/bin/cage", "/usr/bin/grim", "/usr/bin/xdotool", "/usr/bin/xwininfo"] {
        assert!(Path::new(tool).exists(), "{tool} is missing: `make test` installs it");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let home = own_dir(&dir.path().join("home"), 0o700);
    // The kiosk would start speech-dispatcher (libspeechd's autospawn), a daemon that outlives it by
    // seconds; this test is about frames and taps, so its configuration in the test's home says no.
    let speechd = own_dir(&home.join(".config"), 0o700).join("speech-dispatcher");
    own_dir(&speechd, 0o700);
    std::fs::write(speechd.join("speechd.conf"), "DisableAutoSpawn\n").unwrap();
    own_dir(&dir.path().join("run"), 0o700);
    own_dir(&dir.path().join("data"), 0o700);
    // The content and the binary as copies the test owns: the checkout may be where `nobody` cannot read.
    for part in ["assets", "locales"] {
        copy_tree(&root.join(part), &dir.path().join("content").join(part));
    }
    let kiosk = dir.path().join("torget");
    std::fs::copy(env!("CARGO_BIN_EXE_torget"), &kiosk).unwrap();
    let key = torget::seal::OpeningKey::generate().sealing_key().to_base64();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("content_dir = \"content\"\ndata_dir = \"data\"\npublic_key = \"{key}\"\n"))
        .unwrap();

    // X servers keep their sockets here; any user may start one.
    let status = Command::new("install").args(["-d", "-m", "1777", "/tmp/.X11-unix"]).status().unwrap();
    assert!(status.success());
    // Xvfb picks a free display itself and writes its number on standard output.
    let mut xvfb = command_as_nobody(dir.path(), "Xvfb");
    xvfb.args(["-displayfd", "1", "-screen", "0", &format!("{WIDTH}x{HEIGHT}x24"), "-nolisten", "tcp", "-noreset"]);
    let mut xvfb = xvfb.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut number = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(xvfb.stdout.take().unwrap()), &mut number).unwrap();
    let display = format!(":{}", number.trim());
    assert!(display.len() > 1, "Xvfb did not start");

    let log = std::fs::File::create(dir.path().join("cage.log")).unwrap();
    let mut cage = command_as_nobody(dir.path(), "cage");
    cage.args(["-d", "--"]).arg(&kiosk).arg("--config").arg(&config);
    cage.env("DISPLAY", &display).env("WLR_BACKENDS", "x11").env("WLR_RENDERER", "pixman");
    cage.env("TORGET_LOG", "warn");
    cage.stdin(Stdio::null()).stdout(log.try_clone().unwrap()).stderr(log);
    let mut compositor = Compositor { dir, display, xvfb, cage: Some(cage.spawn().unwrap()), window: String::new() };

    // cage's output is a window on Xvfb, 1024×768 at first: make it the screen's size.
    let until = Instant::now() + Duration::from_secs(30);
    compositor.window = loop {
        let out = compositor.run("xwininfo", &["-root", "-children"]);
        let listing = String::from_utf8_lossy(&out.stdout);
        let window = listing.lines().skip_while(|l| !l.contains("child")).skip(1).find_map(|l| {
            let id = l.split_whitespace().next()?;
            id.starts_with("0x").then(|| id.to_string())
        });
        if let Some(window) = window {
            break window;
        }
        assert!(Instant::now() < until, "cage opened no window on Xvfb\n{}", compositor.log());
        std::thread::sleep(Duration::from_millis(50));
    };
    let (w, h) = (WIDTH.to_string(), HEIGHT.to_string());
    let win = compositor.window.clone();
    let out = compositor.run("xdotool", &["windowsize", &win, &w, &h, "windowmove", &win, "0", "0"]);
    assert!(out.status.success(), "xdotool: {}", String::from_utf8_lossy(&out.stderr));
    compositor
}

/// Each frame is compared with the software renderer's picture of the page it should show, pixel
/// for pixel up to 0.1 % of the screen: both draw with the same renderer, fonts and size, so they
/// agree exactly when the page is right, while two pages differ in several per cent of the screen.
/// The start screen's greeting (and the Listen button under it) changes language every few
/// seconds, so its frame is compared with the picture of each greeting and must equal one of them.
#[test]
fn under_cage_the_kiosk_starts_on_the_start_screen_and_one_tap_each_opens_languages_then_home_in_english() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = out_dir();
    let _ = std::fs::remove_dir_all(&out);
    let pictures = draw_pictures(&root, &out);
    let started = Instant::now();
    let mut cage = start(&root);
    let is_start = |f: &Frame| pictures.start.iter().any(|p| f.shows(p));

    // The first frame the kiosk draws at the screen's size is the start screen, as the software
    // renderer draws it, with one of the greetings.
    let first = cage.settled("the kiosk's first frame at 1280×720", Duration::from_secs(60), |f| {
        (f.w, f.h) == (WIDTH, HEIGHT) && f.drawn()
    });
    first.save(&out.join("1-start.png"));
    let closest = pictures.start.iter().map(|p| first.differing(p)).min().unwrap();
    assert!(
        is_start(&first),
        "the first frame is not the start screen: {closest} pixels differ from the nearest greeting \
         (see {}/1-start.png and expected-start-*.png)",
        out.display()
    );
    let first_seen = started.elapsed();

    // One tap anywhere (here the middle of the screen) opens the language page.
    cage.tap((WIDTH / 2, HEIGHT / 2));
    let languages =
        cage.settled("a page other than the start screen after one tap", Duration::from_secs(20), |f| !is_start(f));
    languages.save(&out.join("2-language.png"));
    assert!(
        languages.shows(&pictures.language),
        "one tap on the start screen did not open the language page: {} pixels differ (see 2-language.png)",
        languages.differing(&pictures.language)
    );

    // One tap on English opens home, in English.
    cage.tap(pictures.english);
    let home = cage.settled("a page other than the language page after one tap", Duration::from_secs(20), |f| {
        !f.shows(&pictures.language)
    });
    home.save(&out.join("3-home-en.png"));
    assert!(
        home.shows(&pictures.home_en),
        "one tap on English did not open home in English: {} pixels differ (see 3-home-en.png)",
        home.differing(&pictures.home_en)
    );

    // As in the package's session: the kiosk ends, and cage ends with it.
    assert!(cage.stop_kiosk(Duration::from_secs(10)), "cage did not end after the kiosk ended\n{}", cage.log());
    eprintln!(
        "start screen after {first_seen:?} ({closest} pixels differ), language page and home ({} and {}), \
         all in {:?}; frames in {}",
        languages.differing(&pictures.language),
        home.differing(&pictures.home_en),
        started.elapsed(),
        out.display()
    );
}
