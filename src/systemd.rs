//! The kiosk as a system service: what systemd needs to hear from it, and when it should make way
//! for a new version. No Slint here; the UI layer calls in once a second.
//!
//! `READY=1` once the window is up, `WATCHDOG=1` from the UI's own timer (so a hung event loop stops
//! the pings and systemd restarts the kiosk), over the datagram socket systemd names in
//! `NOTIFY_SOCKET`. Without that variable (a developer's terminal) nothing is sent.

use std::os::unix::net::UnixDatagram;
use std::path::Path;

/// Exit status of a kiosk an administrator stopped for maintenance: the unit does not restart it.
pub const EXIT_MAINTENANCE: u8 = 64;

/// Tells systemd `state` (e.g. `READY=1`, `WATCHDOG=1`), when it listens. Returns whether it was sent.
pub fn notify(state: &str) -> bool {
    std::env::var_os("NOTIFY_SOCKET").is_some_and(|socket| notify_to(&socket, state))
}

/// Sends `state` to the notification socket `socket` (a path, or `@name` for an abstract socket).
pub fn notify_to(socket: &std::ffi::OsStr, state: &str) -> bool {
    let Ok(sender) = UnixDatagram::unbound() else { return false };
    let bytes = socket.as_encoded_bytes();
    let sent = if let Some(name) = bytes.strip_prefix(b"@") {
        // An abstract socket: its name starts with a NUL byte instead of '@'.
        use std::os::linux::net::SocketAddrExt;
        std::os::unix::net::SocketAddr::from_abstract_name(name)
            .and_then(|addr| sender.send_to_addr(state.as_bytes(), &addr))
    } else {
        sender.send_to(state.as_bytes(), Path::new(socket))
    };
    sent.is_ok()
}

/// Whether the program file of process `pid` was replaced or removed since it started (a package
/// upgrade renames the new file over the old one).
pub fn program_replaced(pid: u32) -> bool {
    std::fs::read_link(format!("/proc/{pid}/exe"))
        .map(|exe| exe.to_string_lossy().ends_with(" (deleted)"))
        .unwrap_or(false)
}

/// Whether this kiosk's own program file was replaced: a newer version is installed.
pub fn upgraded() -> bool {
    program_replaced(std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_replaced_under_a_running_process_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("sleep");
        std::fs::copy("/bin/sleep", &program).unwrap();
        let mut child = std::process::Command::new(&program).arg("30").spawn().unwrap();
        assert!(!program_replaced(child.id()));
        // What dpkg does: the new file is written beside the old one and renamed over it.
        let new = dir.path().join("sleep.dpkg-new");
        std::fs::copy("/bin/sleep", &new).unwrap();
        std::fs::rename(&new, &program).unwrap();
        assert!(program_replaced(child.id()));
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn systemd_hears_ready_and_watchdog_on_its_socket() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let listener = UnixDatagram::bind(&path).unwrap();
        assert!(notify_to(path.as_os_str(), "READY=1"));
        assert!(notify_to(path.as_os_str(), "WATCHDOG=1"));
        let mut buf = [0u8; 64];
        let n = listener.recv(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"READY=1");
        let n = listener.recv(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"WATCHDOG=1");
        drop(listener);
        assert!(!notify_to(path.as_os_str(), "READY=1"), "nobody listening: not sent");
    }
}
