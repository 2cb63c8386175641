//! A small LDAP search filter (RFC 4515) parser and matcher, so that the
//! `ldif:` directory applies the same configured filters as a real server.
//! Matching is case-insensitive, as for the usual directory attributes.

/// A parsed filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Equal(String, String),
    Present(String),
    /// `attr=initial*any*…*final`: the parts between stars, first and last may be empty.
    Substrings(String, Vec<String>),
}

/// Parses a filter string; escaped values (`\2a`) become literal characters.
pub fn parse(input: &str) -> Result<Filter, String> {
    let mut parser = Parser {
        chars: input.trim().chars().collect(),
        pos: 0,
    };
    let filter = parser.filter()?;
    if parser.pos != parser.chars.len() {
        return Err(format!("filtre LDAP invalide : {input}"));
    }
    Ok(filter)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.chars.get(self.pos) == Some(&c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!(
                "filtre LDAP invalide : « {c} » attendu en position {}",
                self.pos
            ))
        }
    }

    fn filter(&mut self) -> Result<Filter, String> {
        self.expect('(')?;
        let filter = match self.chars.get(self.pos) {
            Some('&') => {
                self.pos += 1;
                Filter::And(self.list()?)
            }
            Some('|') => {
                self.pos += 1;
                Filter::Or(self.list()?)
            }
            Some('!') => {
                self.pos += 1;
                Filter::Not(Box::new(self.filter()?))
            }
            _ => self.item()?,
        };
        self.expect(')')?;
        Ok(filter)
    }

    fn list(&mut self) -> Result<Vec<Filter>, String> {
        let mut filters = Vec::new();
        while self.chars.get(self.pos) == Some(&'(') {
            filters.push(self.filter()?);
        }
        Ok(filters)
    }

    fn item(&mut self) -> Result<Filter, String> {
        let start = self.pos;
        while let Some(&c) = self.chars.get(self.pos) {
            if c == '=' || c == '~' || c == '>' || c == '<' || c == ')' || c == '(' {
                break;
            }
            self.pos += 1;
        }
        let attribute: String = self.chars[start..self.pos].iter().collect();
        if attribute.is_empty() {
            return Err("filtre LDAP invalide : attribut manquant".into());
        }
        // `~=`, `>=` and `<=` are treated as equality: enough for directory look-ups.
        if matches!(self.chars.get(self.pos), Some('~' | '>' | '<')) {
            self.pos += 1;
        }
        self.expect('=')?;
        let mut parts = vec![String::new()];
        while let Some(&c) = self.chars.get(self.pos) {
            match c {
                ')' => break,
                '(' => return Err("filtre LDAP invalide : « ( » non échappée".into()),
                '*' => parts.push(String::new()),
                '\\' => {
                    let hex: String = self.chars.iter().skip(self.pos + 1).take(2).collect();
                    let byte = u8::from_str_radix(&hex, 16)
                        .map_err(|_| "filtre LDAP invalide : échappement incorrect".to_string())?;
                    let last = parts.last_mut().expect("parts is never empty");
                    // Escapes of multi-byte UTF-8 characters are rebuilt byte by byte.
                    let mut bytes = std::mem::take(last).into_bytes();
                    bytes.push(byte);
                    *last = String::from_utf8_lossy(&bytes).into_owned();
                    self.pos += 2;
                }
                other => parts.last_mut().expect("parts is never empty").push(other),
            }
            self.pos += 1;
        }
        Ok(match parts.len() {
            1 => Filter::Equal(attribute, parts.remove(0)),
            2 if parts.iter().all(String::is_empty) => Filter::Present(attribute),
            _ => Filter::Substrings(attribute, parts),
        })
    }
}

impl Filter {
    /// Whether an entry matches; `values(attr)` gives the entry's values of an attribute.
    pub fn matches<'a, F>(&self, values: &F) -> bool
    where
        F: Fn(&str) -> Vec<&'a str>,
    {
        self.matches_indexed(values, &|attr: &str, wanted: &str| {
            values(attr).iter().any(|v| fold(v) == wanted)
        })
    }

    /// Like [`Filter::matches`], with equality answered by `equal(attribute,
    /// folded wanted value)`: an entry with thousands of values (a group's
    /// members) answers from an index instead of comparing each value.
    pub fn matches_indexed<'a, F, E>(&self, values: &F, equal: &E) -> bool
    where
        F: Fn(&str) -> Vec<&'a str>,
        E: Fn(&str, &str) -> bool,
    {
        match self {
            Filter::And(all) => all.iter().all(|f| f.matches_indexed(values, equal)),
            Filter::Or(any) => any.iter().any(|f| f.matches_indexed(values, equal)),
            Filter::Not(inner) => !inner.matches_indexed(values, equal),
            Filter::Present(attr) => !values(attr).is_empty(),
            Filter::Equal(attr, wanted) => equal(attr, &fold(wanted)),
            Filter::Substrings(attr, parts) => values(attr)
                .iter()
                .any(|v| substrings_match(&fold(v), parts)),
        }
    }
}

/// A value as equality compares it: DNs normalised, others trimmed and in lower case.
pub fn fold(value: &str) -> String {
    if value.contains(',') && value.contains('=') {
        super::normalize_dn(value)
    } else {
        value.trim().to_lowercase()
    }
}

fn substrings_match(value: &str, parts: &[String]) -> bool {
    let parts: Vec<String> = parts.iter().map(|p| p.to_lowercase()).collect();
    let (first, rest) = parts
        .split_first()
        .expect("substrings have two parts at least");
    let (last, middle) = rest
        .split_last()
        .expect("substrings have two parts at least");
    let Some(mut remaining) = value.strip_prefix(first.as_str()) else {
        return false;
    };
    for part in middle {
        match remaining.find(part.as_str()) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.ends_with(last.as_str())
}
