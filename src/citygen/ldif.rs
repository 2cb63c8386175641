//! Writes a generated city as an LDIF directory, shaped like
//! `demo/annuaire.ldif`: people with `{SSHA}` passwords and fixed
//! `entryUUID`s, role groups, accents in base64.

use std::io::Write;

use base64::Engine;
use sha1::{Digest, Sha1};

use super::people::City;
use super::rng::Rng;

/// The demo directory's password, the same for every generated account.
pub const PASSWORD: &str = "bourges2026";

fn ssha(password: &str, rng: &mut Rng) -> String {
    let mut salt = [0u8; 8];
    rng.bytes(&mut salt);
    let mut hasher = Sha1::new();
    hasher.update(password.as_bytes());
    hasher.update(salt);
    let mut bytes = hasher.finalize().to_vec();
    bytes.extend_from_slice(&salt);
    format!(
        "{{SSHA}}{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// `name: value`, or `name:: base64` when the value is not plain ASCII.
fn attribute(out: &mut impl Write, name: &str, value: &str) -> std::io::Result<()> {
    let safe = value
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b':' && b != b'<')
        && !value.starts_with(' ');
    if safe {
        writeln!(out, "{name}: {value}")
    } else {
        let encoded = base64::engine::general_purpose::STANDARD.encode(value.as_bytes());
        writeln!(out, "{name}:: {encoded}")
    }
}

/// Whether a person belongs to a role group.
type Belongs = fn(&super::people::Member) -> bool;

/// Writes the directory of `city` to `out`.
pub fn write(city: &City, rng: &mut Rng, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "# Annuaire généré par « passerelles demo-data » : {} personnes, {} services.\n\
         # Données fictives. Mot de passe de tous les comptes : {PASSWORD}\n",
        city.people.len(),
        city.services.len()
    )?;
    for (dn, uuid, lines) in [
        (
            "dc=bourges,dc=fr",
            "307b3191-c281-54c9-b5e1-2055ae8199f4",
            "objectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: Ville de Bourges\ndc: bourges",
        ),
        (
            "ou=people,dc=bourges,dc=fr",
            "4d7c296a-f3cb-5f77-b2b9-228f1a537f2f",
            "objectClass: top\nobjectClass: organizationalUnit\nou: people",
        ),
        (
            "ou=groups,dc=bourges,dc=fr",
            "c28e3e98-30c3-56b1-bf06-8cde761c1fa0",
            "objectClass: top\nobjectClass: organizationalUnit\nou: groups",
        ),
    ] {
        writeln!(out, "dn: {dn}\nentryUUID: {uuid}\n{lines}\n")?;
    }
    for person in &city.people {
        writeln!(out, "dn: {}", person.dn())?;
        writeln!(out, "entryUUID: {}", person.uuid)?;
        writeln!(
            out,
            "objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson"
        )?;
        writeln!(out, "uid: {}", person.uid)?;
        attribute(out, "cn", &person.display_name())?;
        attribute(out, "sn", &person.surname)?;
        attribute(out, "givenName", &person.given_name)?;
        writeln!(out, "mail: {}@ville-bourges.fr", person.uid)?;
        attribute(out, "departmentNumber", &city.services[person.service])?;
        attribute(out, "title", &person.title)?;
        if let Some(manager) = person.manager {
            writeln!(out, "manager: {}", city.people[manager].dn())?;
        }
        writeln!(out, "userPassword: {}\n", ssha(PASSWORD, rng))?;
    }
    let groups: [(&str, &str, Belongs); 4] = [
        ("encadrants", "Encadrants", |p| p.in_managers_group),
        ("elus", "Elus du conseil municipal", |p| p.elu),
        ("rh", "Service des ressources humaines", |p| p.rh),
        ("admins", "Administrateurs de l'intranet", |p| p.admin),
    ];
    for (cn, description, belongs) in groups {
        writeln!(out, "dn: cn={cn},ou=groups,dc=bourges,dc=fr")?;
        writeln!(out, "entryUUID: {}", rng.uuid())?;
        writeln!(out, "objectClass: top\nobjectClass: groupOfNames\ncn: {cn}")?;
        attribute(out, "description", description)?;
        for person in city.people.iter().filter(|p| belongs(p)) {
            writeln!(out, "member: {}", person.dn())?;
        }
        writeln!(out)?;
    }
    Ok(())
}
