//! A staff PIN checked against every account does not make the kiosk grow: the memory a check works
//! in is kept, not left behind in the heap at each check. (A test binary of its own, so that no
//! other test's allocations move the figure.)

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn checking_pins_again_and_again_keeps_the_kiosk_the_same_size() {
    let accounts: Vec<String> = ["4821", "5930", "6047"].iter().map(|p| torget::staff::hash_pin(p).unwrap()).collect();
    // The first wrong PIN checked against every account: the check's memory is now in use.
    for hash in &accounts {
        assert!(!torget::staff::verify_pin(hash, "1357"));
    }
    let after_first = resident_kib();
    for _ in 0..10 {
        for hash in &accounts {
            assert!(!torget::staff::verify_pin(hash, "1357"));
        }
    }
    assert!(torget::staff::verify_pin(&accounts[1], "5930"));
    let grown = resident_kib().saturating_sub(after_first);
    assert!(grown < 8 * 1024, "31 more checks grew the kiosk by {} MiB", grown / 1024);
}
