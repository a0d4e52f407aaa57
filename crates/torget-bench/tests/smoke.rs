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
    let first_frame = &json.as_array().unwrap()[0];
    assert!(first_frame["median"].as_f64().unwrap() > 0.0, "a real measurement");
}
