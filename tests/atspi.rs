//! The real kiosk as a screen reader meets it: the `torget` binary on Xvfb, with a private D-Bus
//! session bus and the AT-SPI bus (at-spi2-core) with accessibility switched on, read and driven
//! through AT-SPI by `tests/atspi/walk.py` with pyatspi, the library Orca uses.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

mod common;

use common::{content_root as root, wait_for};

/// Children that are stopped when the test ends, however it ends.
struct Running(Vec<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        for c in self.0.iter_mut().rev() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A display number nobody uses.
fn free_display() -> u32 {
    (0..200)
        .map(|i| 300 + (std::process::id() + i) % 600)
        .find(|n| {
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .expect("a free display number")
}

#[test]
fn a_screen_reader_finds_named_controls_radio_buttons_the_current_language_and_hears_pages_and_errors() {
    for tool in ["/usr/bin/dbus-daemon", "/usr/libexec/at-spi-bus-launcher", "/usr/bin/Xvfb", "/usr/bin/python3"] {
        assert!(Path::new(tool).exists(), "{tool} is missing: `make test` installs it");
    }
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::set_permissions(&runtime, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let mut running = Running(Vec::new());

    // A session bus of the test's own; its address is the first line the daemon prints.
    let mut bus = Command::new("/usr/bin/dbus-daemon")
        .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut address = String::new();
    BufReader::new(bus.stdout.take().unwrap()).read_line(&mut address).unwrap();
    let address = address.trim().to_string();
    running.0.push(bus);
    let env = |c: &mut Command| {
        c.env("DBUS_SESSION_BUS_ADDRESS", &address).env("XDG_RUNTIME_DIR", &runtime).env_remove("AT_SPI_BUS_ADDRESS");
    };

    let mut launcher = Command::new("/usr/libexec/at-spi-bus-launcher");
    launcher.arg("--launch-immediately").stdout(Stdio::null()).stderr(Stdio::null());
    env(&mut launcher);
    running.0.push(launcher.spawn().unwrap());
    // What a screen reader does when it starts: switch accessibility on (AccessKit then exposes the tree).
    wait_for("the AT-SPI bus", Duration::from_secs(20), || {
        let mut set = Command::new("dbus-send");
        set.args(["--session", "--dest=org.a11y.Bus", "/org/a11y/bus", "org.freedesktop.DBus.Properties.Set"])
            .args(["string:org.a11y.Status", "string:IsEnabled", "variant:boolean:true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        env(&mut set);
        set.status().ok().filter(|s| s.success())
    });

    let display = free_display();
    running.0.push(
        Command::new("/usr/bin/Xvfb")
            .arg(format!(":{display}"))
            .args(["-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for("Xvfb", Duration::from_secs(20), || {
        Path::new(&format!("/tmp/.X11-unix/X{display}")).exists().then_some(())
    });

    let key = torget::seal::OpeningKey::generate().sealing_key().to_base64();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "content_dir = {:?}\ndata_dir = \"data\"\npublic_key = \"{key}\"\nfullscreen = false\n",
            root().display().to_string()
        ),
    )
    .unwrap();
    let mut kiosk = Command::new(env!("CARGO_BIN_EXE_torget"));
    kiosk.arg("--config").arg(&config).env("DISPLAY", format!(":{display}")).env("TORGET_LOG", "error");
    kiosk.env_remove("WAYLAND_DISPLAY").stdout(Stdio::null()).stderr(Stdio::null());
    env(&mut kiosk);
    running.0.push(kiosk.spawn().unwrap());

    let (catalog, i18n) = torget::lint::load_checked(&root()).unwrap();
    let default = catalog.default_language.clone();
    let fault = catalog.services.iter().find(|s| s.id == "report-fault").unwrap();
    let first = &fault.steps[0];
    let en = |key: &str| i18n.text("en", key);
    let texts = serde_json::json!({
        "language_title": i18n.text(&default, "language-title"),
        "current_language": catalog.language(&default).unwrap().endonym,
        "selected": i18n.text(&default, "selected"),
        "english": catalog.language("en").unwrap().endonym,
        "home_title": en("home-title"),
        "service": en("report-fault-title"),
        "question": en(&torget::content::text_id(&["report-fault", &first.id])),
        "options": first.options.iter().map(|o| en(&torget::content::text_id(&["report-fault", &first.id, o]))).collect::<Vec<_>>(),
        "next": en("button-next"),
        "error": en("error-required"),
    });
    let mut walk = Command::new("/usr/bin/python3");
    let errors = dir.path().join("walk.err");
    walk.arg(root().join("tests/atspi/walk.py")).arg(texts.to_string());
    walk.stdout(Stdio::piped()).stderr(std::fs::File::create(&errors).unwrap());
    env(&mut walk);
    let mut walk = walk.spawn().unwrap();
    let status = wait_for("the screen reader's walk", Duration::from_secs(120), || walk.try_wait().unwrap());
    let mut said = String::new();
    std::io::Read::read_to_string(&mut walk.stdout.take().unwrap(), &mut said).unwrap();
    // pyatspi's own warnings go to standard error; only a Python error is worth showing.
    let errors = std::fs::read_to_string(&errors).unwrap_or_default();
    let traceback = errors.find("Traceback").map_or("", |at| &errors[at..]);
    assert!(status.success() && said.trim_end().ends_with("OK"), "{said}{traceback}");
}
