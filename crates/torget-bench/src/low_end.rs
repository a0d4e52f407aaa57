//! The low-end kiosk profile: this process (and every process it starts: the kiosk's probes,
//! speech-dispatcher) confined to one core at half its time, as a cheap kiosk PC would give it.
//!
//! Where systemd runs the machine, `systemd-run --scope -p CPUQuota=50% -p AllowedCPUs=0` does the
//! same; this works without systemd (containers, CI), on the cgroup file system directly: cgroup v2
//! (`cpu.max`, `cpuset.cpus`) or v1 (`cpu.cfs_quota_us`, `cpuset.cpus`). Without either (no rights
//! to write them), only the one core is kept (`taskset`'s affinity) and the profile says so.

use std::path::Path;

/// Half of each 100 ms period on CPU 0.
const PERIOD_US: u64 = 100_000;
const QUOTA_US: u64 = 50_000;

/// Confines this process; says how, for the table.
pub fn confine() -> String {
    // Earlier runs' groups are empty once their process ended: removing them leaves no trace.
    for root in ["/sys/fs/cgroup", "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuset"] {
        for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy().starts_with("torget-bench-low-end-") {
                let _ = std::fs::remove_dir(entry.path());
            }
        }
    }
    let name = format!("torget-bench-low-end-{}", std::process::id());
    let pid = std::process::id().to_string();
    let v2 = Path::new("/sys/fs/cgroup/cgroup.controllers");
    if v2.exists() {
        let dir = Path::new("/sys/fs/cgroup").join(&name);
        let done = (|| -> std::io::Result<()> {
            let _ = std::fs::write("/sys/fs/cgroup/cgroup.subtree_control", "+cpu +cpuset");
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("cpu.max"), format!("{QUOTA_US} {PERIOD_US}"))?;
            std::fs::write(dir.join("cpuset.cpus"), "0")?;
            std::fs::write(dir.join("cgroup.procs"), &pid)
        })();
        if done.is_ok() {
            return "one core (CPU 0) at 50 %: cgroup v2 cpu.max and cpuset.cpus".into();
        }
    }
    let (cpu, cpuset) = (Path::new("/sys/fs/cgroup/cpu").join(&name), Path::new("/sys/fs/cgroup/cpuset").join(&name));
    let done = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(&cpu)?;
        std::fs::write(cpu.join("cpu.cfs_period_us"), PERIOD_US.to_string())?;
        std::fs::write(cpu.join("cpu.cfs_quota_us"), QUOTA_US.to_string())?;
        std::fs::create_dir_all(&cpuset)?;
        std::fs::write(cpuset.join("cpuset.cpus"), "0")?;
        std::fs::write(cpuset.join("cpuset.mems"), "0")?;
        std::fs::write(cpu.join("cgroup.procs"), &pid)?;
        std::fs::write(cpuset.join("cgroup.procs"), &pid)
    })();
    if done.is_ok() {
        return "one core (CPU 0) at 50 %: cgroup v1 cpu.cfs_quota_us and cpuset.cpus".into();
    }
    let pinned = std::process::Command::new("taskset").args(["-a", "-p", "-c", "0", &pid]).output();
    if pinned.is_ok_and(|o| o.status.success()) {
        "one core (CPU 0) at full speed: no cgroup could be written here, only the affinity was set".into()
    } else {
        "not confined: neither a cgroup nor the affinity could be set here".into()
    }
}

/// How much processor time this process may use, from the cgroup it is in: (quota, period) in µs.
pub fn quota() -> Option<(u64, u64)> {
    let cgroups = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    for line in cgroups.lines() {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        if controllers.is_empty() {
            let max = std::fs::read_to_string(format!("/sys/fs/cgroup{path}/cpu.max")).ok()?;
            let mut it = max.split_whitespace();
            return Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?));
        }
        if controllers.split(',').any(|c| c == "cpu") {
            let read =
                |f: &str| std::fs::read_to_string(format!("/sys/fs/cgroup/cpu{path}/{f}")).ok()?.trim().parse().ok();
            return Some((read("cpu.cfs_quota_us")?, read("cpu.cfs_period_us")?));
        }
    }
    None
}
