//! The benchmark harness runs and reports every figure (benchmarks themselves never fail a build).

#[test]
fn the_benchmark_harness_runs_and_reports_every_figure() {
    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_torget-bench"))
        .args(["--quick", "--content", concat!(env!("CARGO_MANIFEST_DIR"), "/../.."), "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let table = String::from_utf8_lossy(&run.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("results.json")).unwrap()).unwrap();
    let names: Vec<&str> = json.as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    for figure in [
        "process start to first frame, cold",
        "memory (PSS), idle on home, with speech",
        "memory growth, visit 100 to 200",
        "requests of the memory run stored by the hub",
        "speech ready after start, speech-dispatcher running",
        "speech ready after start, speech-dispatcher started",
        "language chosen to first audio in it",
        "render of a page, p99",
        "language switch with form kept",
        "durable enqueue (insert + fsync), p50 / p99",
        "sync drain to hub on loopback",
        "hub ingest on SQLite, loopback",
        "hub ingest on PostgreSQL, one instance",
        "hub ingest on PostgreSQL, two instances",
    ] {
        assert!(names.contains(&figure), "{figure} missing from {names:?}");
        assert!(table.contains(figure), "{figure} missing from the table");
    }
    let figure = |name: &str| json.as_array().unwrap().iter().find(|f| f["name"] == name).unwrap().clone();
    let two = figure("hub ingest on PostgreSQL, two instances");
    assert!(two["median"].as_f64().is_some_and(|r| r > 0.0), "measured on a real PostgreSQL server: {two}");
    let enqueue = figure("durable enqueue (insert + fsync), p50 / p99");
    assert!(enqueue["note"].as_str().unwrap().contains(" at /"), "the filesystem is named: {enqueue}");
    assert!(enqueue["runs"].as_u64().unwrap() > 1, "{enqueue}");
    let stored = figure("requests of the memory run stored by the hub");
    assert_eq!(stored["median"].as_f64(), Some(200.0), "every visit's request drained to the hub: {stored}");
    assert_eq!(stored["pass"], true, "{stored}");
    let first_frame = &json.as_array().unwrap()[0];
    assert!(first_frame["median"].as_f64().unwrap() > 0.0, "a real measurement");
}

/// The fleet harness in seconds rather than minutes: a throw-away PostgreSQL cluster, two hub
/// processes, a few kiosks and two desk pages, the second instance killed halfway. Every figure is
/// reported, help calls reach desks through the other instance, and nothing is lost; then both
/// instances are down for 2 s while every kiosk has a request, and every request arrives.
#[test]
fn the_fleet_harness_reports_every_figure_and_a_help_call_reaches_a_desk_through_the_other_instance() {
    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_torget-bench"))
        .args([
            "--fleet",
            "--kiosks",
            "12",
            "--desks",
            "2",
            "--seconds",
            "10",
            "--heartbeat-ms",
            "1000",
            "--uploads-per-minute",
            "120",
            "--kill-halfway",
            "--outage-seconds",
            "2",
            "--uploads-at-once",
            "1",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let table = String::from_utf8_lossy(&run.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("fleet.json")).unwrap()).unwrap();
    let figures = json["figures"].as_array().unwrap();
    let value = |name: &str| {
        let f = figures.iter().find(|f| f["name"] == name).unwrap_or_else(|| panic!("{name} missing: {figures:?}"));
        assert!(table.contains(name), "{name} missing from the table");
        f["median"].as_f64()
    };
    for name in [
        "fleet heartbeat latency, p50",
        "fleet heartbeat latency, p99",
        "fleet upload latency, p50",
        "fleet upload latency, p99",
        "help call raised → shown on every desk, p99",
        "help call → every desk, p99, one instance killed",
        "\"I'm on my way\" → heard by the kiosk, p99",
        "hub CPU, instance A",
        "hub memory (RSS) most, instance A",
        "hub memory (RSS) most, instance B",
        "PostgreSQL client connections, most",
        "bytes per minute per desk page",
        "after an outage: tries in the busiest second",
        "after an outage: every request stored",
    ] {
        assert!(value(name).is_some_and(|v| v > 0.0), "{name} was measured: {figures:?}");
    }
    assert_eq!(value("requests lost (acknowledged, not stored)"), Some(0.0));
    // After the outage every kiosk's request is stored, and no try broke the hub's Retry-After.
    assert_eq!(json["summary"]["outage_stored"], 12, "{json}");
    assert_eq!(value("tries before the hub's Retry-After was over"), Some(0.0));
    assert!(json["summary"]["sightings_at_the_other_instance"].as_u64().unwrap() >= 1, "{json}");
    assert!(value("help call raised → shown on every desk, p99").unwrap() < 2000.0);
}
