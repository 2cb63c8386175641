//! Roles an agent holds, recomputed from the directory at every sign-in.

use serde::Serialize;

/// One role. Every signed-in person is an agent; the others come from groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Agent,
    Manager,
    Elu,
    Rh,
    Admin,
}

impl Role {
    /// The French label shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Role::Agent => "Agent",
            Role::Manager => "Encadrant",
            Role::Elu => "Élu",
            Role::Rh => "RH",
            Role::Admin => "Administration",
        }
    }
}

/// The roles beyond "agent" a person holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoleSet {
    pub manager: bool,
    pub elu: bool,
    pub rh: bool,
    pub admin: bool,
}

impl RoleSet {
    /// Grants a role by its configuration name (`manager`, `elu`, `rh`, `admin`).
    pub fn grant_named(&mut self, name: &str) {
        match name {
            "manager" => self.manager = true,
            "elu" => self.elu = true,
            "rh" => self.rh = true,
            "admin" => self.admin = true,
            other => log::warn!("rôle inconnu dans la configuration : {other}"),
        }
    }

    /// Whether the set includes `role`.
    pub fn has(&self, role: Role) -> bool {
        match role {
            Role::Agent => true,
            Role::Manager => self.manager,
            Role::Elu => self.elu,
            Role::Rh => self.rh,
            Role::Admin => self.admin,
        }
    }

    /// Every role held, agent first.
    pub fn list(&self) -> Vec<Role> {
        [Role::Agent, Role::Manager, Role::Elu, Role::Rh, Role::Admin]
            .into_iter()
            .filter(|r| self.has(*r))
            .collect()
    }
}
