//! A small browser over Rocket's local client: its own cookies, the CSRF
//! token of the last page, and pages parsed with CSS selectors.

use rocket::http::{ContentType, Cookie, Header};
use rocket::local::asynchronous::{Client, LocalResponse};
use scraper::{Html, Selector};

/// One person's browser.
pub struct Browser<'c> {
    client: &'c Client,
    cookies: Vec<Cookie<'static>>,
    csrf_token: Option<String>,
    ip: Option<String>,
    peer: Option<std::net::SocketAddr>,
}

/// A response, read whole.
#[derive(Debug, Clone)]
pub struct Page {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl<'c> Browser<'c> {
    pub fn new(client: &'c Client) -> Browser<'c> {
        Browser {
            client,
            cookies: Vec::new(),
            csrf_token: None,
            ip: None,
            peer: None,
        }
    }

    /// Sends requests from this peer address (the TCP connection's).
    pub fn with_peer(mut self, ip: &str) -> Self {
        let ip: std::net::IpAddr = ip.parse().expect("an IP address");
        self.peer = Some(std::net::SocketAddr::new(ip, 40000));
        self
    }

    /// Sends requests as if from this IP address (X-Real-IP).
    pub fn with_ip(mut self, ip: &str) -> Self {
        self.ip = Some(ip.to_string());
        self
    }

    async fn read(&mut self, response: LocalResponse<'_>) -> Page {
        for cookie in response.cookies().iter() {
            if cookie.name() == "passerelles_session" {
                // A new or ended session: the next form needs the new token.
                self.csrf_token = None;
            }
            self.cookies.retain(|c| c.name() != cookie.name());
            let removed = cookie.value().is_empty()
                || cookie
                    .max_age()
                    .is_some_and(|age| age.is_zero() || age.is_negative());
            if !removed {
                self.cookies.push(cookie.clone().into_owned());
            }
        }
        let status = response.status().code;
        let headers = response
            .headers()
            .iter()
            .map(|h| (h.name().to_string(), h.value().to_string()))
            .collect();
        let body = response.into_string().await.unwrap_or_default();
        let page = Page {
            status,
            body,
            headers,
        };
        if let Some(token) = page.form_token() {
            self.csrf_token = Some(token);
        }
        page
    }

    /// GET `path`.
    pub async fn get(&mut self, path: &str) -> Page {
        let mut request = self
            .client
            .get(path.to_string())
            .cookies(self.cookies.clone());
        if let Some(ip) = &self.ip {
            request = request.header(Header::new("X-Real-IP", ip.clone()));
        }
        if let Some(peer) = self.peer {
            request = request.remote(peer);
        }
        let response = request.dispatch().await;
        self.read(response).await
    }

    /// POST a form with the current CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.csrf_token.is_none() {
            self.get(if self.is_signed_in() {
                "/"
            } else {
                "/connexion"
            })
            .await;
        }
        let token = self.csrf_token.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &encode(&all)).await
    }

    /// POST an exact URL-encoded body (no token added).
    pub async fn post_raw(&mut self, path: &str, body: &str) -> Page {
        let mut request = self
            .client
            .post(path.to_string())
            .header(ContentType::Form)
            .cookies(self.cookies.clone())
            .body(body);
        if let Some(ip) = &self.ip {
            request = request.header(Header::new("X-Real-IP", ip.clone()));
        }
        if let Some(peer) = self.peer {
            request = request.remote(peer);
        }
        let response = request.dispatch().await;
        self.read(response).await
    }

    /// Fills and sends the sign-in form.
    pub async fn sign_in(&mut self, username: &str, password: &str) -> Page {
        self.sign_in_to("/connexion", username, password).await
    }

    /// Sends the sign-in form to a given action (with `?suivant=`).
    pub async fn sign_in_to(&mut self, action: &str, username: &str, password: &str) -> Page {
        self.get("/connexion").await;
        self.post(action, &[("username", username), ("password", password)])
            .await
    }

    /// Whether a session cookie is held.
    pub fn is_signed_in(&self) -> bool {
        self.cookies
            .iter()
            .any(|c| c.name() == "passerelles_session")
    }

    /// A cookie held, by name.
    pub fn cookie(&self, name: &str) -> Option<Cookie<'static>> {
        self.cookies.iter().find(|c| c.name() == name).cloned()
    }

    /// The session cookie, to replay it later.
    pub fn session_cookie(&self) -> Option<Cookie<'static>> {
        self.cookies
            .iter()
            .find(|c| c.name() == "passerelles_session")
            .cloned()
    }

    /// Puts a cookie in the jar (replaying an old session).
    pub fn set_cookie(&mut self, cookie: Cookie<'static>) {
        self.cookies.retain(|c| c.name() != cookie.name());
        self.cookies.push(cookie);
    }
}

/// URL-encodes form fields.
pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                rocket::http::RawStr::new(k).percent_encode(),
                rocket::http::RawStr::new(v).percent_encode()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// Texts of the elements matching a CSS selector, whitespace folded.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("valid selector");
        self.html()
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The single `h1`'s text.
    pub fn h1(&self) -> String {
        let all = self.texts("h1");
        assert_eq!(all.len(), 1, "one h1 per page: {all:?}\n{}", self.body);
        all[0].clone()
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }

    /// Where a redirect points.
    pub fn location(&self) -> Option<String> {
        self.header("Location")
    }

    fn form_token(&self) -> Option<String> {
        let selector = Selector::parse("input[name=csrf_token]").expect("valid selector");
        self.html()
            .select(&selector)
            .find_map(|e| e.value().attr("value").map(str::to_string))
            .filter(|v| !v.is_empty())
    }
}
