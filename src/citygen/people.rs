//! The people of a generated city: services, a management line in each,
//! élus, HR and admins, and the five demo accounts at their usual places.

use std::collections::HashSet;

use super::rng::Rng;

/// A generated directory entry.
#[derive(Debug, Clone)]
pub struct Member {
    pub uid: String,
    pub given_name: String,
    pub surname: String,
    pub feminine: bool,
    /// Index into [`City::services`].
    pub service: usize,
    pub title: String,
    /// Index into [`City::people`].
    pub manager: Option<usize>,
    pub in_managers_group: bool,
    pub elu: bool,
    pub rh: bool,
    pub admin: bool,
    pub uuid: String,
}

impl Member {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.surname)
    }

    pub fn dn(&self) -> String {
        format!("uid={},ou=people,dc=bourges,dc=fr", self.uid)
    }
}

/// Services and the people in them.
#[derive(Debug, Clone)]
pub struct City {
    pub services: Vec<String>,
    pub people: Vec<Member>,
}

impl City {
    /// Whether someone reports to person `index`.
    pub fn has_reports(&self) -> Vec<bool> {
        let mut has = vec![false; self.people.len()];
        for p in &self.people {
            if let Some(m) = p.manager {
                has[m] = true;
            }
        }
        has
    }
}

const SERVICES: &[&str] = &[
    "Espaces verts",
    "Voirie",
    "Propreté urbaine",
    "État civil",
    "Ressources humaines",
    "DSI",
    "Finances",
    "Bibliothèques",
    "Conservatoire",
    "Musées",
    "Petite enfance",
    "Écoles",
    "Restauration scolaire",
    "Sports",
    "Jeunesse",
    "CCAS",
    "Police municipale",
    "Urbanisme",
    "Bâtiments",
    "Eau et assainissement",
    "Communication",
    "Archives",
    "Marchés publics",
    "Affaires juridiques",
    "Accueil des habitants",
    "Mobilités",
    "Environnement",
    "Événementiel",
    "Garage municipal",
    "Cimetières",
    "Logement",
    "Santé publique",
    "Développement économique",
    "Vie associative",
    "Politique de la ville",
    "Relations internationales",
];

const SECTORS: &[&str] = &[
    "Nord",
    "Sud",
    "Est",
    "Ouest",
    "Centre",
    "Gionne",
    "Val d'Auron",
    "Chancellerie",
    "Aéroport",
    "Baudens",
    "Moulon",
    "Asnières",
    "Pijolins",
];

pub const DIRECTION: &str = "Direction générale";
pub const COUNCIL: &str = "Conseil municipal";

const WOMEN: &[&str] = &[
    "Camille",
    "Claire",
    "Martine",
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Julie",
    "Émilie",
    "Céline",
    "Sandrine",
    "Aurélie",
    "Laure",
    "Inès",
    "Léa",
    "Chloé",
    "Manon",
    "Sarah",
    "Fatima",
    "Nadia",
    "Yasmine",
    "Hélène",
    "Valérie",
    "Anne",
    "Marie",
    "Christine",
    "Élodie",
    "Agnès",
    "Lucie",
    "Pauline",
    "Amandine",
    "Océane",
    "Zoé",
    "Maëlle",
    "Aïcha",
    "Samia",
    "Mireille",
    "Josiane",
    "Brigitte",
    "Odile",
    "Gaëlle",
];

const MEN: &[&str] = &[
    "Thierry",
    "Lucas",
    "Philippe",
    "Karim",
    "Nicolas",
    "Julien",
    "Sébastien",
    "Olivier",
    "Éric",
    "Laurent",
    "Pascal",
    "Stéphane",
    "Mehdi",
    "Yanis",
    "Hugo",
    "Louis",
    "Théo",
    "Antoine",
    "Mathieu",
    "François",
    "Jérôme",
    "Damien",
    "Cédric",
    "Bruno",
    "Patrick",
    "Gilles",
    "Hervé",
    "Samir",
    "Rachid",
    "Bastien",
    "Maxime",
    "Romain",
    "Loïc",
    "Benoît",
    "Christophe",
    "Didier",
    "Alain",
    "Kévin",
    "Jean-Marc",
    "Grégoire",
];

const SURNAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noël",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Perez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Marie",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Pierre",
    "Renard",
    "Arnaud",
    "Rolland",
    "Caron",
    "Aubert",
    "Giraud",
    "Leclerc",
    "Vidal",
    "Bourgeois",
    "Renaud",
    "Lemoine",
    "Picard",
    "Gaillard",
    "Philippe",
    "Leclercq",
    "Lacroix",
    "Fabre",
    "Dupuis",
    "Olivier",
    "Rodriguez",
    "Da Silva",
    "Hubert",
    "Louis",
    "Charles",
    "Guillot",
    "Rivière",
    "Le Gall",
    "Guillaume",
    "Adam",
    "Rey",
    "Moulin",
    "Gonzalez",
    "Berger",
    "Lecomte",
    "Ménard",
    "Fleury",
    "Deschamps",
    "Carpentier",
    "Julien",
    "Benoît",
    "Paris",
    "Maillard",
    "Marchal",
    "Aubry",
    "Vasseur",
    "Haddad",
    "Benali",
    "Kaddour",
    "Traoré",
    "Diallo",
    "Ferreira",
    "Pereira",
    "Lemaître",
    "Besnard",
    "Tessier",
    "Poirier",
    "Chauvin",
];

/// Job titles, masculine and feminine.
const TITLES: &[(&str, &str)] = &[
    ("Agent technique", "Agente technique"),
    ("Technicien", "Technicienne"),
    ("Chargé de mission", "Chargée de mission"),
    ("Assistant administratif", "Assistante administrative"),
    ("Gestionnaire", "Gestionnaire"),
    ("Agent d'accueil", "Agente d'accueil"),
    ("Animateur", "Animatrice"),
    ("Adjoint administratif", "Adjointe administrative"),
    ("Agent polyvalent", "Agente polyvalente"),
    ("Instructeur", "Instructrice"),
    ("Coordinateur", "Coordinatrice"),
    ("Chargé d'études", "Chargée d'études"),
];

fn title(rng: &mut Rng, feminine: bool) -> String {
    let (m, f) = *rng.pick(TITLES);
    if feminine { f } else { m }.to_string()
}

/// Lower-case ASCII login from a name: first letter of the given name, then the surname.
fn login(given: &str, surname: &str) -> String {
    let fold = |s: &str| -> String {
        crate::common::format::fold_accents(s)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    format!(
        "{}{}",
        fold(given).chars().next().unwrap_or('x'),
        fold(surname)
    )
}

struct Builder {
    rng: Rng,
    taken: HashSet<String>,
    people: Vec<Member>,
}

impl Builder {
    fn unique(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    fn add(&mut self, fixed: Option<(&str, &str, &str, bool)>, service: usize) -> usize {
        let (uid, given, surname, feminine) = match fixed {
            Some((uid, given, surname, feminine)) => {
                self.taken.insert(uid.to_string());
                (
                    uid.to_string(),
                    given.to_string(),
                    surname.to_string(),
                    feminine,
                )
            }
            None => {
                let feminine = self.rng.chance(0.55);
                let given = self
                    .rng
                    .pick(if feminine { WOMEN } else { MEN })
                    .to_string();
                let surname = self.rng.pick(SURNAMES).to_string();
                let uid = self.unique(login(&given, &surname));
                (uid, given, surname, feminine)
            }
        };
        let title = title(&mut self.rng, feminine);
        let uuid = self.rng.uuid();
        self.people.push(Member {
            uid,
            given_name: given,
            surname,
            feminine,
            service,
            title,
            manager: None,
            in_managers_group: false,
            elu: false,
            rh: false,
            admin: false,
            uuid,
        });
        self.people.len() - 1
    }
}

/// Builds a city of `agents` people (at least 20).
pub fn build(agents: usize, rng: &mut Rng) -> City {
    let agents = agents.max(20);
    let count = (agents / 120).clamp(12, SERVICES.len() * (SECTORS.len() + 1));
    let mut services: Vec<String> = vec![DIRECTION.into(), COUNCIL.into()];
    for i in 0..count {
        let base = SERVICES[i % SERVICES.len()];
        match i / SERVICES.len() {
            0 => services.push(base.to_string()),
            n => services.push(format!("{base} — secteur {}", SECTORS[n - 1])),
        }
    }
    let service_index = |name: &str| services.iter().position(|s| s == name).unwrap_or(2);
    let green = service_index("Espaces verts");
    let hr = service_index("Ressources humaines");
    let it = service_index("DSI");
    let mut b = Builder {
        rng: rng.fork(1),
        taken: HashSet::new(),
        people: Vec::new(),
    };
    // The demo accounts first, so that their logins stay theirs.
    let dgs = b.add(Some(("pmarchand", "Philippe", "Marchand", false)), 0);
    b.people[dgs].title = "Directeur général des services".into();
    b.people[dgs].in_managers_group = true;
    let head_green = b.add(Some(("tmoreau", "Thierry", "Moreau", false)), green);
    let cdubois = b.add(Some(("cdubois", "Camille", "Dubois", true)), green);
    b.people[cdubois].title = "Jardinière paysagiste".into();
    b.people[cdubois].manager = Some(head_green);
    let mvasseur = b.add(Some(("mvasseur", "Martine", "Vasseur", true)), 1);
    b.people[mvasseur].title = "Maire-adjointe à la culture".into();
    b.people[mvasseur].elu = true;
    let cbonnet = b.add(Some(("cbonnet", "Claire", "Bonnet", true)), hr);
    b.people[cbonnet].title = "Chargée de gestion RH".into();
    b.people[cbonnet].rh = true;
    let lmartin = b.add(Some(("lmartin", "Lucas", "Martin", false)), it);
    b.people[lmartin].title = "Administrateur systèmes et réseaux".into();
    b.people[lmartin].admin = true;

    let elus = (agents / 1000).max(3);
    for _ in 1..elus {
        let i = b.add(None, 1);
        b.people[i].elu = true;
        b.people[i].title = if b.people[i].feminine {
            "Conseillère municipale"
        } else {
            "Conseiller municipal"
        }
        .into();
    }
    // Services of uneven sizes (half to twice the mean).
    let weights: Vec<usize> = (2..services.len())
        .map(|_| b.rng.between(5, 20) as usize)
        .collect();
    let total_weight: usize = weights.iter().sum();
    let remaining = agents.saturating_sub(b.people.len());
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); services.len()];
    members[green] = vec![head_green, cdubois];
    members[hr] = vec![cbonnet];
    members[it] = vec![lmartin];
    let mut placed = 0;
    for (k, weight) in weights.iter().enumerate() {
        let service = k + 2;
        let share = if k + 1 == weights.len() {
            remaining - placed
        } else {
            (remaining * weight / total_weight).min(remaining - placed)
        };
        placed += share;
        for _ in 0..share {
            let i = b.add(None, service);
            members[service].push(i);
        }
    }
    let hr_size = 2 + agents / 2000;
    for (service, list) in members.iter().enumerate().skip(2) {
        if list.is_empty() {
            continue;
        }
        // The head reports to the DGS; team leaders to the head; agents to a team leader.
        let fixed = [cdubois, cbonnet, lmartin];
        let head = if service == green {
            head_green
        } else {
            match list.iter().find(|i| !fixed.contains(i)) {
                Some(&i) => i,
                None => continue,
            }
        };
        b.people[head].manager = Some(dgs);
        b.people[head].in_managers_group = true;
        let name = &services[service];
        b.people[head].title = format!(
            "{} du service {name}",
            if b.people[head].feminine {
                "Cheffe"
            } else {
                "Chef"
            }
        );
        // The demo accounts keep their plain roles: they come last, never team leaders.
        let mut rest: Vec<usize> = list.iter().copied().filter(|i| *i != head).collect();
        rest.sort_by_key(|i| fixed.contains(i));
        let leaders = rest.len() / 13;
        for (n, &person) in rest.iter().enumerate() {
            if n < leaders {
                b.people[person].manager = Some(head);
                b.people[person].in_managers_group = true;
                b.people[person].title = "Responsable d'équipe".into();
            } else if person != cdubois {
                let leader = if leaders == 0 {
                    head
                } else {
                    rest[n % leaders]
                };
                b.people[person].manager = Some(leader);
            }
        }
        if service == hr {
            for &person in list.iter().take(hr_size) {
                b.people[person].rh = true;
            }
        }
        if service == it {
            for &person in list.iter().take(3) {
                b.people[person].admin = true;
            }
        }
    }
    *rng = b.rng.fork(2);
    City {
        services,
        people: b.people,
    }
}
