//! Who is asking: the address a sign-in came from, for its count of failures and the audit log.
//!
//! Behind a proxy every request comes from the proxy's address, so all staff shared one count and
//! ten wrong passwords from anyone held everyone back (issue 28). A request from a proxy named with
//! `--trusted-proxy` comes from the right-most address of its `X-Forwarded-For` that is not itself
//! a trusted proxy: a proxy appends the address it was reached from, and whatever stands to the
//! left of that is what the client wrote. From any other peer the header is ignored. This module
//! reads addresses; it decides nothing about them.

use std::net::IpAddr;

use axum::http::HeaderMap;

/// The client behind a request from `peer`, believing `X-Forwarded-For` only from `trusted` peers.
pub(super) fn address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    let trusted_one = |ip: IpAddr| trusted.iter().any(|t| t.to_canonical() == ip);
    if !trusted_one(peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for entry in forwarded.iter().rev() {
        match entry.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
            Ok(ip) if trusted_one(ip) => continue,
            Ok(ip) => return ip,
            // Not an address where the proxy writes one: believe nothing of this header.
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(peer: &str, forwarded: &[&str], trusted: &[&str]) -> String {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        let trusted: Vec<IpAddr> = trusted.iter().map(|t| t.parse().unwrap()).collect();
        address(peer.parse().unwrap(), &headers, &trusted).to_string()
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_only_about_the_address_it_saw() {
        let proxy = ["10.0.0.2"];
        assert_eq!(from("10.0.0.2", &["192.0.2.7"], &proxy), "192.0.2.7");
        assert_eq!(from("10.0.0.2", &["198.51.100.1, 192.0.2.7"], &proxy), "192.0.2.7", "the client's own entry");
        assert_eq!(from("10.0.0.2", &["198.51.100.1", "192.0.2.7"], &proxy), "192.0.2.7", "two headers");
        assert_eq!(from("10.0.0.2", &[], &proxy), "10.0.0.2", "nothing forwarded");
        assert_eq!(from("10.0.0.2", &["192.0.2.7, not-an-address"], &proxy), "10.0.0.2");
        assert_eq!(from("192.0.2.9", &["192.0.2.7"], &proxy), "192.0.2.9", "an untrusted peer is itself");
        assert_eq!(from("192.0.2.9", &["192.0.2.7"], &[]), "192.0.2.9", "no proxy trusted");
        let two = ["10.0.0.2", "10.0.0.3"];
        assert_eq!(from("10.0.0.2", &["192.0.2.7, 10.0.0.3"], &two), "192.0.2.7", "a chain of trusted proxies");
        assert_eq!(from("::ffff:10.0.0.2", &["2001:db8::7"], &proxy), "2001:db8::7");
    }
}
