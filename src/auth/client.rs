//! The client's address, as the sign-in limits see it: the peer's, unless
//! the peer is one of the configured `trusted_proxies`, in which case the
//! address the proxy puts in Rocket's `ip_header` (a client cannot pick
//! its own address by sending that header itself).

use std::net::IpAddr;

use rocket::request::{FromRequest, Outcome, Request};

use crate::config::network::{canonical, Network};
use crate::config::Settings;

/// The key the per-address limit counts under: the IPv4 address, or the
/// IPv6 /64 network (one household, one office: they get many addresses).
pub fn limit_key(ip: Option<IpAddr>) -> String {
    match ip.map(canonical) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
        None => "inconnue".into(),
    }
}

/// The client's address (None when unknown).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

/// The client's address for a peer and what the proxy header says.
pub fn client_address(
    peer: Option<IpAddr>,
    header: Option<IpAddr>,
    proxies: &[Network],
) -> Option<IpAddr> {
    match peer {
        Some(peer) if proxies.iter().any(|p| p.contains(peer)) => header.or(Some(peer)),
        peer => peer,
    }
    .map(canonical)
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ClientAddress {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let proxies = request
            .rocket()
            .state::<Settings>()
            .map(|s| s.proxies.as_slice())
            .unwrap_or_default();
        let peer = request.remote().map(|r| r.ip());
        Outcome::Success(ClientAddress(client_address(
            peer,
            request.real_ip(),
            proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_trusted_peer_names_the_client() {
        let proxies = [Network::parse("127.0.0.1").unwrap()];
        let header = Some("203.0.113.7".parse().unwrap());
        assert_eq!(
            client_address(Some("127.0.0.1".parse().unwrap()), header, &proxies),
            header
        );
        let stranger = Some("198.51.100.1".parse().unwrap());
        assert_eq!(client_address(stranger, header, &proxies), stranger);
        assert_eq!(client_address(stranger, header, &[]), stranger);
    }

    #[test]
    fn ipv6_clients_count_per_64() {
        let a = limit_key(Some("2001:db8:1:2:aaaa::1".parse().unwrap()));
        let b = limit_key(Some("2001:db8:1:2:bbbb:cccc:dddd:eeee".parse().unwrap()));
        let c = limit_key(Some("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            limit_key(Some("::ffff:10.1.2.3".parse().unwrap())),
            "10.1.2.3"
        );
    }
}
