//! The real kiosk as a screen reader meets it: the `torget` binary on Xvfb, with a private D-Bus
//! session bus and the AT-SPI bus (at-spi2-core) with accessibility switched on, read and driven
//! through AT-SPI by `tests/atspi/walk.py` with pyatspi, the library Orca uses.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{content_root as root, wait_for};

/// Children that are stopped when the test ends, however it ends.
struct Running(Vec<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        // Asked to end first: the AT-SPI launcher then stops the accessibility bus it started, which
        // outlives a launcher that is killed outright.
        for c in self.0.iter_mut().rev() {
            let _ = Command::new("kill").args(["-TERM", &c.id().to_string()]).status();
            let until = Instant::now() + Duration::from_secs(5);
            while matches!(c.try_wait(), Ok(None)) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(20));
            }
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

/// What `dbus-send --print-reply` prints for a method call on the test's session bus, or `None` when the
/// call fails. A reply is asked for so the call is a method call: without `--print-reply`, dbus-send sends
/// a signal, which the launcher ignores and which "succeeds" whether or not anyone listens.
fn call(session: &impl Fn(&mut Command), dest: &str, path: &str, method: &str, args: &[&str]) -> Option<String> {
    let mut send = Command::new("/usr/bin/dbus-send");
    send.args(["--session", "--print-reply", &format!("--dest={dest}"), path, method]).args(args);
    send.stderr(Stdio::null());
    session(&mut send);
    let out = send.output().ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_screen_reader_finds_named_controls_radio_buttons_the_current_language_and_hears_pages_and_errors() {
    for tool in [
        "/usr/bin/dbus-daemon",
        "/usr/bin/dbus-send",
        "/usr/libexec/at-spi-bus-launcher",
        "/usr/bin/Xvfb",
        "/usr/bin/python3",
    ] {
        assert!(Path::new(tool).exists(), "{tool} is missing: `make test` installs it");
    }
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::set_permissions(&runtime, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    // A home of the test's own for every process of the desktop (issue 27): the launcher keeps
    // `IsEnabled` in GSettings, that is in dconf's `$XDG_CONFIG_HOME/dconf/user`, and reads it at start,
    // so a database left in root's home by an earlier run decided whether this test passed.
    let home = dir.path().join("home");
    let (config_home, cache_home, data_home) = (home.join(".config"), home.join(".cache"), home.join(".local/share"));
    for d in [&config_home, &cache_home, &data_home] {
        std::fs::create_dir_all(d).unwrap();
    }
    let display = free_display();
    let desktop = |c: &mut Command| {
        c.env("HOME", &home)
            .env("XDG_CONFIG_HOME", &config_home)
            .env("XDG_CACHE_HOME", &cache_home)
            .env("XDG_DATA_HOME", &data_home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("DISPLAY", format!(":{display}"))
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("AT_SPI_BUS_ADDRESS");
    };
    let mut running = Running(Vec::new());

    let mut xvfb = Command::new("/usr/bin/Xvfb");
    xvfb.arg(format!(":{display}")).args(["-screen", "0", "1920x1080x24", "-nolisten", "tcp"]);
    xvfb.stdout(Stdio::null()).stderr(Stdio::null());
    desktop(&mut xvfb);
    running.0.push(xvfb.spawn().unwrap());
    wait_for("Xvfb", Duration::from_secs(20), || {
        Path::new(&format!("/tmp/.X11-unix/X{display}")).exists().then_some(())
    });

    // A session bus of the test's own; its address is the first line the daemon prints. The services it
    // starts on demand (dconf-service) get its environment, so dconf writes inside the test's home.
    let mut bus = Command::new("/usr/bin/dbus-daemon");
    bus.args(["--session", "--nofork", "--nopidfile", "--print-address=1"]).stdout(Stdio::piped());
    bus.stderr(Stdio::null());
    desktop(&mut bus);
    let mut bus = bus.spawn().unwrap();
    let mut address = String::new();
    BufReader::new(bus.stdout.take().unwrap()).read_line(&mut address).unwrap();
    let address = address.trim().to_string();
    running.0.push(bus);
    let env = |c: &mut Command| {
        desktop(c);
        c.env("DBUS_SESSION_BUS_ADDRESS", &address);
    };

    let mut launcher = Command::new("/usr/libexec/at-spi-bus-launcher");
    launcher.arg("--launch-immediately").stdout(Stdio::null()).stderr(Stdio::null());
    env(&mut launcher);
    running.0.push(launcher.spawn().unwrap());
    // A call to org.a11y.Bus before the launcher owns the name would make the bus start a second one.
    wait_for("the AT-SPI launcher on the session bus", Duration::from_secs(20), || {
        let dbus = ("org.freedesktop.DBus", "/org/freedesktop/DBus");
        call(&env, dbus.0, dbus.1, "org.freedesktop.DBus.NameHasOwner", &["string:org.a11y.Bus"])
            .filter(|reply| reply.contains("boolean true"))
    });
    // What a screen reader does when it starts: switch accessibility on (AccessKit then exposes the
    // tree). Then wait until the launcher says it is on, rather than for a while.
    let status = |method: &str, args: &[&str]| {
        let args = [&["string:org.a11y.Status", "string:IsEnabled"], args].concat();
        call(&env, "org.a11y.Bus", "/org/a11y/bus", &format!("org.freedesktop.DBus.Properties.{method}"), &args)
    };
    assert!(status("Set", &["variant:boolean:true"]).is_some(), "setting org.a11y.Status IsEnabled failed");
    wait_for("org.a11y.Status IsEnabled to read true", Duration::from_secs(20), || {
        status("Get", &[]).filter(|reply| reply.contains("boolean true"))
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
    kiosk.arg("--config").arg(&config).env("TORGET_LOG", "error").stdout(Stdio::null()).stderr(Stdio::null());
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
