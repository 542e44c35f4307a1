//! Eligibility of the grappe and of each ESSMS: exclusions (D-EXCLUSIONS), size and territory
//! (R-GRAPPE, D-TERRITORY), small OGs (R-SMALL-EQUIP), routing (R-ROUTE, D-ROUTE-REGION) and
//! the référencé status of the solution (D-REFERENCE-DATE).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::bareme::{Bareme, Channel};
use crate::category::{classify, display_label, CategoryKind, Sector};
use crate::file_format::{compact, compact_cow};
use crate::findings::{Findings, DOSSIER_RULE};
use crate::finess::Finess;
use crate::geography::{self, Region};
use crate::model::{Dossier, Situation};
use crate::money::format_date;
use crate::territory::Territory;

/// What the funding computation needs to know about the grappe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grappe {
    /// Indices in `dossier.essms` of the eligible ESSMS, in dossier order.
    #[serde(skip)]
    pub eligible: Vec<usize>,
    /// For each ESSMS of the dossier, its FINESS ET when valid.
    #[serde(skip)]
    pub essms_finess: Vec<Option<Finess>>,
    /// For each ESSMS of the dossier, the index of its OG in `dossier.ogs`.
    #[serde(skip)]
    pub essms_og: Vec<Option<usize>>,
    /// For each OG of the dossier, whether it is small (D-TERRITORY).
    #[serde(skip)]
    pub og_small: Vec<bool>,
    /// Number of eligible ESSMS.
    pub essms_count: u32,
    /// Number of ESSMS listed but not eligible.
    pub excluded_count: u32,
    /// Every eligible ESSMS is in Corse or overseas (D-TERRITORY).
    pub corse_outre_mer: bool,
    /// Minimum size for the transformation funding (R-GRAPPE).
    pub min_essms: u32,
    /// The grappe reaches `min_essms`.
    pub size_reached: bool,
    pub by_situation: BTreeMap<Situation, u32>,
    pub by_sector: BTreeMap<Sector, u32>,
    /// FINESS EJ (compact) of the small OGs.
    pub small_ogs: Vec<String>,
    pub channel: Channel,
    /// INSEE code of the region whose ARS receives a regional candidature.
    pub region: Option<String>,
    pub multiregional: bool,
    /// The chosen solution is référencé Ségur on the filing date.
    pub referenced_solution: bool,
    /// The porteur's FINESS EJ (compact) when it is one of the OGs.
    pub porteur: Option<String>,
    /// The porteur has eligible ESSMS in the grappe (D-MEMBER): the per-project lines can be
    /// paid to it.
    pub porteur_member: bool,
}

impl Grappe {
    pub fn region(&self) -> Option<&'static Region> {
        self.region.as_deref().and_then(geography::region)
    }
}

/// Analyses the grappe; every problem found is pushed to `findings`.
pub fn analyse(dossier: &Dossier, bareme: &Bareme, findings: &mut Findings) -> Grappe {
    let og_index: HashMap<String, usize> = dossier
        .ogs
        .iter()
        .enumerate()
        .rev()
        .map(|(i, og)| (compact(&og.finess_ej), i))
        .collect();
    let essms_og: Vec<Option<usize>> = dossier
        .essms
        .iter()
        .map(|e| og_index.get(compact_cow(&e.og).as_ref()).copied())
        .collect();
    let essms_finess: Vec<Option<Finess>> = dossier.essms.iter().map(|e| Finess::parse(&e.finess_et).ok()).collect();
    check_ogs(dossier, findings);
    let eligible = eligible_essms(dossier, &og_index, &essms_og, &essms_finess, findings);
    let members = members(dossier, &eligible, &essms_og, findings);
    let territory_of_essms = |i: usize| essms_finess[i].as_ref().map(Finess::territory);

    let corse_outre_mer = !eligible.is_empty()
        && eligible
            .iter()
            .all(|&i| territory_of_essms(i).is_some_and(Territory::is_corse_or_outre_mer));
    let th = &bareme.thresholds;
    let min_essms = th.grappe_min_essms.for_territory(corse_outre_mer);
    let essms_count = eligible.len() as u32;
    let size_reached = essms_count >= min_essms;
    if !size_reached {
        let territory = if corse_outre_mer {
            "tous ses ESSMS sont en Corse ou outre-mer"
        } else {
            "au moins un de ses ESSMS est en métropole"
        };
        findings.blocking(
            &th.grappe_min_essms.rule,
            "essms".to_string(),
            format!(
                "La grappe compte {essms_count} ESSMS éligible(s) ; il en faut au moins {min_essms} ({territory}) pour le financement de la transformation (maîtrise d'ouvrage) : ces lignes ne sont pas accordées."
            ),
        );
    }

    let mut by_situation = BTreeMap::new();
    let mut by_sector = BTreeMap::new();
    for &i in &eligible {
        let e = &dossier.essms[i];
        *by_situation.entry(e.situation).or_insert(0) += 1;
        if let Some(sector) = essms_sector(dossier, i) {
            *by_sector.entry(sector).or_insert(0) += 1;
        }
    }

    let og_small = small_ogs(dossier, bareme, &members);
    let small_ogs = dossier
        .ogs
        .iter()
        .zip(&og_small)
        .filter(|(_, &small)| small)
        .map(|(og, _)| compact(&og.finess_ej))
        .collect();
    let porteur = dossier.og(&dossier.porteur).map(|o| compact(&o.finess_ej));
    let porteur_member = dossier
        .ogs
        .iter()
        .position(|o| Some(compact(&o.finess_ej)) == porteur)
        .is_some_and(|o| members[o] > 0);

    let national_from = &th.national_from_essms;
    let channel = if essms_count >= national_from.value {
        Channel::National
    } else {
        Channel::Regional
    };
    let (region, multiregional) =
        route_region(dossier, &eligible, &essms_finess, channel, porteur.as_deref(), findings);
    let channel_message = match (channel, region.and_then(geography::region)) {
        (Channel::National, _) => format!(
            "{essms_count} ESSMS (au moins {}) : candidature à l'AAP national (CNSA et DNS).",
            national_from.value
        ),
        (Channel::Regional, Some(r)) => format!(
            "{essms_count} ESSMS (moins de {}) : candidature à l'AAP régional de l'{}.",
            national_from.value, r.ars
        ),
        (Channel::Regional, None) => format!(
            "{essms_count} ESSMS (moins de {}) : candidature à un AAP régional ; la région n'a pu être déterminée.",
            national_from.value
        ),
    };
    findings.info(&national_from.rule, None, channel_message);

    let referenced_solution = check_solution(dossier, &eligible, channel, findings);

    Grappe {
        eligible,
        essms_finess,
        essms_og,
        og_small,
        essms_count,
        excluded_count: (dossier.essms.len() as u32).saturating_sub(essms_count),
        corse_outre_mer,
        min_essms,
        size_reached,
        by_situation,
        by_sector,
        small_ogs,
        channel,
        region: region.map(str::to_string),
        multiregional,
        referenced_solution,
        porteur,
        porteur_member,
    }
}

fn check_ogs(dossier: &Dossier, findings: &mut Findings) {
    if dossier.porteur.trim().is_empty() {
        findings.blocking(
            DOSSIER_RULE,
            "porteur".to_string(),
            "Aucun porteur n'est désigné : choisissez l'OG qui dépose la candidature.".into(),
        );
    } else if dossier.og(&dossier.porteur).is_none() {
        findings.blocking(
            DOSSIER_RULE,
            "porteur".to_string(),
            format!(
                "Le porteur « {} » ne figure pas parmi les OG de la grappe.",
                dossier.porteur
            ),
        );
    }
    if dossier.ogs.is_empty() {
        findings.blocking(
            DOSSIER_RULE,
            "ogs".to_string(),
            "La grappe ne compte aucun organisme gestionnaire.".into(),
        );
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, og) in dossier.ogs.iter().enumerate() {
        let field = format!("ogs[{i}].finess_ej");
        if let Err(e) = Finess::parse(&og.finess_ej) {
            findings.blocking(DOSSIER_RULE, field.clone(), format!("OG « {} » : {e}.", og.name));
        }
        if let Some(first) = seen.insert(compact(&og.finess_ej), i) {
            findings.blocking(
                DOSSIER_RULE,
                field.clone(),
                format!(
                    "L'OG « {} » ({}) est listé deux fois (déjà en ogs[{first}]).",
                    og.name, og.finess_ej
                ),
            );
        }
        if og.name.trim().is_empty() {
            findings.blocking(
                DOSSIER_RULE,
                format!("ogs[{i}].name"),
                format!("L'OG {} n'a pas de raison sociale.", og.finess_ej),
            );
        }
    }
}

/// D-MEMBER: the number of eligible ESSMS of each OG; an OG without any counts for nothing
/// and is named.
fn members(dossier: &Dossier, eligible: &[usize], essms_og: &[Option<usize>], findings: &mut Findings) -> Vec<u32> {
    let mut counts = vec![0u32; dossier.ogs.len()];
    for &i in eligible {
        if let Some(o) = essms_og[i] {
            counts[o] += 1;
        }
    }
    let porteur = compact(&dossier.porteur);
    for (i, og) in dossier.ogs.iter().enumerate() {
        if counts[i] > 0 {
            continue;
        }
        let who = if og.name.trim().is_empty() {
            og.finess_ej.clone()
        } else {
            format!("« {} » ({})", og.name, og.finess_ej)
        };
        let per_project = if compact(&og.finess_ej) == porteur {
            " ; porteur, il ne peut recevoir les lignes par projet (AMOA, marché) : désignez comme porteur un OG qui a des ESSMS éligibles dans la grappe"
        } else {
            ""
        };
        findings.warning(
            "D-MEMBER",
            format!("ogs[{i}]"),
            format!("L'OG {who} n'a aucun ESSMS éligible dans la grappe : il ne compte pas (ni comme OG de petite taille, ni pour les lignes par projet) et ne reçoit aucun financement{per_project}."),
        );
    }
    counts
}

/// D-EXCLUSIONS: the ESSMS that count in the grappe, every exclusion reported.
/// How the findings name an ESSMS (« name », else its place): written only when a finding is.
struct Who<'a> {
    index: usize,
    name: &'a str,
}

impl std::fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.name.trim().is_empty() {
            write!(f, "ESSMS n°{}", self.index + 1)
        } else {
            write!(f, "« {} »", self.name)
        }
    }
}

fn eligible_essms(
    dossier: &Dossier,
    og_index: &HashMap<String, usize>,
    essms_og: &[Option<usize>],
    essms_finess: &[Option<Finess>],
    findings: &mut Findings,
) -> Vec<usize> {
    let rule = "D-EXCLUSIONS";
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut eligible = Vec::new();
    for (i, e) in dossier.essms.iter().enumerate() {
        let who = Who {
            index: i,
            name: &e.name,
        };
        let field = |f: &str| Some(format!("essms[{i}].{f}"));
        let mut ok = true;
        let number = compact_cow(&e.finess_et);
        if number.is_empty() {
            findings.blocking(
                rule,
                field("finess_et"),
                format!("{who} n'a pas de FINESS ET propre : non éligible, à retirer de la grappe ou à compléter."),
            );
            ok = false;
        } else if og_index.contains_key(number.as_ref()) {
            findings.blocking(
                rule,
                field("finess_et"),
                format!("{who} : {} est le FINESS juridique (EJ) d'un OG, pas le FINESS ET propre de l'établissement : non éligible en l'état.", e.finess_et),
            );
            ok = false;
        } else if essms_finess[i].is_none() {
            if let Err(err) = Finess::parse(&e.finess_et) {
                findings.blocking(rule, field("finess_et"), format!("{who} : {err}."));
            }
            ok = false;
        } else if let Some(first) = first_seen.get(number.as_ref()) {
            findings.blocking(
                rule,
                field("finess_et"),
                format!(
                    "{who} ({}) est listé deux fois (déjà en essms[{first}]) : le doublon n'est pas compté.",
                    e.finess_et
                ),
            );
            ok = false;
        } else {
            first_seen.insert(number.into_owned(), i);
        }
        let category = || format!("« {} »", display_label(&e.category, &e.category_label));
        match classify(&e.category, &e.category_agregat) {
            Some(CategoryKind::Sante) => {
                findings.blocking(
                    rule,
                    field("category"),
                    format!("{who} est un établissement de santé (catégorie {} {}), pas un ESSMS : non éligible, à retirer de la grappe.", e.category.trim(), category()),
                );
                ok = false;
            }
            _ if e.sector.is_some() => {}
            Some(CategoryKind::Essms(Some(_))) => {}
            Some(CategoryKind::Essms(None)) => findings.warning(
                "D-CATEGORY",
                field("sector"),
                format!("{who} : la catégorie {} accueille plusieurs publics ; précisez le secteur de l'établissement.", category()),
            ),
            Some(CategoryKind::HorsChamp) => findings.warning(
                "D-CATEGORY",
                field("sector"),
                format!("{who} : la catégorie {} n'est pas celle d'un établissement social ou médico-social ; s'il en est un, précisez son secteur, sinon retirez-le de la grappe.", category()),
            ),
            None if e.category.trim().is_empty() => findings.warning(
                "D-CATEGORY",
                field("sector"),
                format!("{who} : catégorie FINESS non renseignée ; indiquez-la, ou précisez le secteur de l'établissement."),
            ),
            None => findings.warning(
                "D-CATEGORY",
                field("sector"),
                format!("{who} : la catégorie FINESS « {} » n'est pas dans la nomenclature connue de Grappe ; précisez le secteur de l'établissement (il reste compté dans la grappe).", e.category.trim()),
            ),
        }
        if essms_og[i].is_none() {
            findings.blocking(
                DOSSIER_RULE,
                field("og"),
                format!("{who} : son OG « {} » ne figure pas parmi les OG de la grappe.", e.og),
            );
            ok = false;
        }
        if ok {
            if let Some(finess) = &essms_finess[i] {
                check_departement(dossier, i, finess, &who, findings);
            }
            if e.software_already_funded {
                findings.info(
                    rule,
                    field("software_already_funded"),
                    format!("{who} a déjà reçu un financement logiciel : lignes de maîtrise d'ouvrage seulement."),
                );
            }
            if e.sons_order_signed {
                findings.info(
                    rule,
                    field("sons_order_signed"),
                    format!("{who} a signé son bon de commande SONS : lignes de maîtrise d'ouvrage seulement."),
                );
            }
            eligible.push(i);
        }
    }
    eligible
}

fn check_departement(dossier: &Dossier, i: usize, finess: &Finess, who: &Who<'_>, findings: &mut Findings) {
    let e = &dossier.essms[i];
    let from_number = finess.departement_code();
    let declared = e.departement.trim();
    if !declared.is_empty() && declared != from_number {
        findings.warning(
            DOSSIER_RULE,
            Some(format!("essms[{i}].departement")),
            format!("{who} : département « {declared} » alors que son FINESS indique « {from_number} » ; le FINESS fait foi pour le calcul."),
        );
    }
}

/// The département of an ESSMS: from its FINESS ET (which holds it), else as declared.
pub fn essms_departement(dossier: &Dossier, i: usize) -> String {
    match Finess::parse(&dossier.essms[i].finess_et) {
        Ok(f) => f.departement_code(),
        Err(_) => dossier.essms[i].departement.trim().to_string(),
    }
}

/// The sector of an ESSMS: as declared, else from its category.
pub fn essms_sector(dossier: &Dossier, i: usize) -> Option<Sector> {
    let e = &dossier.essms[i];
    e.sector.or_else(|| match classify(&e.category, &e.category_agregat)? {
        CategoryKind::Essms(s) => s,
        CategoryKind::Sante | CategoryKind::HorsChamp => None,
    })
}

fn og_departement(og: &crate::model::Og) -> Option<String> {
    let declared = og.departement.trim();
    if !declared.is_empty() {
        return Some(declared.to_string());
    }
    Finess::parse(&og.finess_ej).ok().map(|f| f.departement_code())
}

/// Whether the OG's own territory is Corse or overseas (its small-OG threshold, D-TERRITORY).
pub(crate) fn og_in_corse_or_outre_mer(og: &crate::model::Og) -> bool {
    og_departement(og)
        .and_then(|d| Territory::of_departement(&d))
        .is_some_and(Territory::is_corse_or_outre_mer)
}

/// D-TERRITORY: an OG is small when the ESSMS it manages (declared, else its count in the
/// grappe) are fewer than the threshold of its own territory. D-MEMBER: an OG without eligible
/// ESSMS in the grappe is never small.
fn small_ogs(dossier: &Dossier, bareme: &Bareme, members: &[u32]) -> Vec<bool> {
    let th = &bareme.thresholds.small_og_below;
    dossier
        .ogs
        .iter()
        .zip(members.iter().copied())
        .map(|(og, in_grappe)| {
            if in_grappe == 0 {
                return false;
            }
            let managed = og.managed_essms.unwrap_or(in_grappe);
            managed < th.for_territory(og_in_corse_or_outre_mer(og))
        })
        .collect()
}

/// D-ROUTE-REGION: the region holding most ESSMS (tie: the porteur's), and whether the grappe
/// spans several regions.
fn route_region(
    dossier: &Dossier,
    eligible: &[usize],
    essms_finess: &[Option<Finess>],
    channel: Channel,
    porteur: Option<&str>,
    findings: &mut Findings,
) -> (Option<&'static str>, bool) {
    let rule = "D-ROUTE-REGION";
    // By département first (a few distinct ones), then each département's region once.
    let mut by_departement: HashMap<String, u32> = HashMap::new();
    for &i in eligible {
        let Some(finess) = &essms_finess[i] else { continue };
        *by_departement.entry(finess.departement_code()).or_insert(0) += 1;
    }
    let mut counts: BTreeMap<&'static str, u32> = BTreeMap::new();
    for (departement, n) in by_departement {
        if let Some(r) = geography::region_of_departement(&departement) {
            *counts.entry(r.code).or_insert(0) += n;
        }
    }
    let multiregional = counts.len() > 1;
    if channel == Channel::National {
        return (None, multiregional);
    }
    let Some(&max) = counts.values().max() else {
        return (None, false);
    };
    let leaders: Vec<&'static str> = counts.iter().filter(|(_, &n)| n == max).map(|(&c, _)| c).collect();
    let porteur_region = porteur
        .and_then(|p| dossier.og(p))
        .and_then(og_departement)
        .and_then(|d| geography::region_of_departement(&d))
        .map(|r| r.code);
    let region = if leaders.len() == 1 {
        leaders[0]
    } else if let Some(p) = porteur_region.filter(|p| leaders.contains(p)) {
        let names: Vec<&str> = leaders
            .iter()
            .filter_map(|c| geography::region(c))
            .map(|r| r.name)
            .collect();
        findings.info(
            rule,
            None,
            format!(
                "Égalité entre {} ({max} ESSMS chacune) : la candidature va à la région du porteur.",
                names.join(", ")
            ),
        );
        p
    } else {
        findings.warning(
            rule,
            Some("porteur".into()),
            format!("Égalité entre plusieurs régions ({max} ESSMS chacune) et le porteur n'est dans aucune d'elles : la première par code INSEE est retenue ; vérifiez auprès des ARS."),
        );
        leaders[0]
    };
    if multiregional {
        let names: Vec<String> = counts
            .iter()
            .filter_map(|(c, n)| geography::region(c).map(|r| format!("{} ({n})", r.name)))
            .collect();
        findings.warning(
            rule,
            None,
            format!("Projet multirégional : les ESSMS sont répartis entre {} ; la candidature est déposée auprès de l'ARS de la région qui en compte le plus.", names.join(", ")),
        );
    }
    (Some(region), multiregional)
}

/// The solution: référencé on the filing date (D-REFERENCE-DATE), justification of the choice,
/// SONS note (R-SONS). Returns whether the référencé complement applies.
fn check_solution(dossier: &Dossier, eligible: &[usize], channel: Channel, findings: &mut Findings) -> bool {
    let new_solution = eligible
        .iter()
        .any(|&i| dossier.essms[i].situation == Situation::NewSolution);
    let new_rule = match channel {
        Channel::Regional => "R-REG-NEW",
        Channel::National => "R-NAT-NEW",
    };
    let Some(solution) = &dossier.solution else {
        if new_solution {
            findings.warning(
                new_rule,
                Some("solution".into()),
                "Aucune solution DUI n'est choisie alors que des ESSMS acquièrent une nouvelle solution.".into(),
            );
        }
        return false;
    };
    if solution.editeur.trim().is_empty() || solution.name.trim().is_empty() {
        findings.warning(
            DOSSIER_RULE,
            Some("solution".into()),
            "Indiquez l'éditeur et le nom de la solution DUI.".into(),
        );
    }
    if new_solution && dossier.choice_justification.trim().is_empty() {
        findings.warning(
            new_rule,
            Some("choice_justification".into()),
            "Justifiez le choix de la solution après mise en concurrence des éditeurs.".into(),
        );
    }
    let Some(referencement) = &solution.referencement else {
        return false;
    };
    let filing = dossier.filing_date;
    let valid = referencement.is_valid_on(filing);
    if valid {
        findings.info(
            "R-SONS",
            Some("solution.referencement".into()),
            "Solution référencée Ségur : la mise à niveau financée par le SONS est payée directement à l'éditeur, hors budget de la candidature.".into(),
        );
    } else if referencement.from > filing {
        findings.warning(
            "D-REFERENCE-DATE",
            Some("solution.referencement.from".into()),
            format!(
                "Le référencement Ségur de la solution ne commence que le {} : pas de complément « référencé » pour un dépôt le {}.",
                format_date(referencement.from),
                format_date(filing)
            ),
        );
    } else if let Some(until) = referencement.until {
        findings.warning(
            "D-REFERENCE-DATE",
            Some("solution.referencement.until".into()),
            format!(
                "Le référencement Ségur de la solution a pris fin le {} : pas de complément « référencé » pour un dépôt le {}.",
                format_date(until),
                format_date(filing)
            ),
        );
    }
    valid
}
