//! Generated reference data in the real formats, with obviously fictitious names: the samples
//! shipped in `samples/` (so the app is useful out of the box) and the large extracts of the
//! tests and benchmarks. Deterministic for a given seed.

use grappe_core::finess::with_key;

/// Which variant of the national extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// `etalab-cs1100502-stock-*.csv`: establishment lines only.
    Cs1100502,
    /// `etalab-cs1100507-stock-*.csv`: a `geolocalisation` line after each establishment.
    Cs1100507,
}

/// The encoding of the generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleEncoding {
    Windows1252,
    Utf8,
}

/// (FINESS-file département code, INSEE code, FINESS stem prefix, fictitious towns).
const PLACES: &[(&str, &str, &str, &[&str])] = &[
    (
        "59",
        "59",
        "59",
        &["Boisjoli-lès-Exemple", "Marchiennes-Fictives", "Hautmont-Démo"],
    ),
    (
        "62",
        "62",
        "62",
        &["Arras-Essai", "Béthune-la-Factice", "Lens-sur-Maquette"],
    ),
    ("75", "75", "75", &["Paris-Exemple"]),
    ("69", "69", "69", &["Villefictive-sur-Saône", "Lyon-Maquette"]),
    ("13", "13", "13", &["Aubagne-Démo", "Martigues-l'Essai"]),
    ("33", "33", "33", &["Bordeaux-Fictif", "Libourne-Exemple"]),
    ("35", "35", "35", &["Rennes-Essai", "Fougères-la-Démo"]),
    ("2A", "2A", "2A", &["Ajaccio-Fictif", "Porto-Vecchio-Démo"]),
    ("2B", "2B", "2B", &["Bastia-Exemple", "Corte-l'Essai"]),
    ("9A", "971", "9701", &["Pointe-à-Fictif", "Basse-Terre-Démo"]),
    ("9D", "974", "9704", &["Saint-Denis-Exemple", "Le Tampon-Fictif"]),
    ("9F", "976", "980", &["Mamoudzou-Démo"]),
];

/// (category, label, agrégat, agrégat label, name prefix).
const CATEGORIES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "500",
        "Etablissement d'hébergement pour personnes âgées dépendantes",
        "4401",
        "Etablissements et Services pour Personnes Agées",
        "EHPAD",
    ),
    (
        "202",
        "Résidences autonomie",
        "4401",
        "Etablissements et Services pour Personnes Agées",
        "Résidence autonomie",
    ),
    (
        "354",
        "Service de Soins Infirmiers A Domicile",
        "4401",
        "Etablissements et Services pour Personnes Agées",
        "SSIAD",
    ),
    (
        "183",
        "Institut Médico-Educatif (I.M.E.)",
        "4301",
        "Etablissements et Services pour l'Enfance et la Jeunesse Handicapée",
        "IME",
    ),
    (
        "182",
        "Service d'Éducation Spéciale et de Soins à Domicile",
        "4301",
        "Etablissements et Services pour l'Enfance et la Jeunesse Handicapée",
        "SESSAD",
    ),
    (
        "246",
        "Etablissement et Service d'Aide par le Travail (E.S.A.T.)",
        "4302",
        "Etablissements et Services pour Adultes Handicapés",
        "ESAT",
    ),
    (
        "255",
        "Maison d'Accueil Spécialisée (M.A.S.)",
        "4302",
        "Etablissements et Services pour Adultes Handicapés",
        "MAS",
    ),
    (
        "448",
        "Etablissement d'Accueil Médicalisé en tout ou partie personnes handicapées",
        "4302",
        "Etablissements et Services pour Adultes Handicapés",
        "EAM",
    ),
    (
        "197",
        "Centre de Soins, d'Accompagnement et de Prévention en Addictologie",
        "4501",
        "Etablissements et Services pour Personnes en Difficultés Spécifiques",
        "CSAPA",
    ),
    (
        "355",
        "Centre Hospitalier (C.H.)",
        "1102",
        "Centres Hospitaliers",
        "Centre hospitalier",
    ),
];

const NAMES: &[&str] = &[
    "Les Tilleuls",
    "Les Œillets",
    "La Roseraie",
    "Le Clos Fleuri",
    "Les Mésanges",
    "L'Étoile du Berger",
    "Les Glycines",
    "Le Moulin",
    "Les Coquelicots",
    "La Source",
    "Les Hêtres",
    "Le Verger",
    "Les Écureuils",
    "Le Phare",
    "Saint-Exemple",
    "Les Bruyères",
];

/// A small deterministic generator (no dependency, same numbers everywhere).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn quote(field: &str) -> String {
    if field.contains([';', '"']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A generated extract: the file's bytes and the fields of each establishment line, as written.
#[derive(Debug, Clone)]
pub struct Extract {
    pub bytes: Vec<u8>,
    pub rows: Vec<[String; 32]>,
}

/// A FINESS extract of `lines` establishments in the real format. Every establishment has a
/// valid, unique FINESS ET; about 5 establishments share each FINESS EJ.
pub fn finess_extract(lines: usize, seed: u64, variant: Variant, encoding: SampleEncoding) -> Vec<u8> {
    finess_extract_with_rows(lines, seed, variant, encoding).bytes
}

/// The same, with the fields of every establishment line (for tests that check the import).
pub fn finess_extract_with_rows(lines: usize, seed: u64, variant: Variant, encoding: SampleEncoding) -> Extract {
    let mut rng = Lcg(seed);
    let mut text = String::with_capacity(lines * 260);
    let mut rows = Vec::with_capacity(lines);
    text.push_str("finess;etalab;111;2026-10-31\n");
    let mut ej = String::new();
    // Establishments numbered per place, so that every number is unique and fits its prefix.
    let mut per_place = vec![0usize; PLACES.len()];
    for i in 0..lines {
        let place = i / 5 % PLACES.len();
        let (file_dep, _, prefix, towns) = PLACES[place];
        let n = per_place[place];
        per_place[place] += 1;
        let digits = 8 - prefix.len();
        let space = 10usize.pow(digits as u32);
        let et = with_key(&format!("{prefix}{:0digits$}", n % space))
            .map(|f| f.to_string())
            .unwrap_or_default();
        if i % 5 == 0 {
            ej = with_key(&format!("{prefix}{:0digits$}", space - 1 - n / 5 % space))
                .map(|f| f.to_string())
                .unwrap_or_default();
        }
        let (cat, cat_label, agr, agr_label, prefix_name) = CATEGORIES[rng.next(CATEGORIES.len())];
        let name = NAMES[rng.next(NAMES.len())];
        let town = towns[rng.next(towns.len())];
        let rs = if i % 97 == 13 {
            format!("{prefix_name} \"{name}\" ; site {}", i % 7 + 1)
        } else {
            format!("{prefix_name} {}", name.to_uppercase())
        };
        let rslongue = format!("{prefix_name} {name} de {town}");
        let postcode = match file_dep {
            "2A" => "20000".to_string(),
            "2B" => "20200".to_string(),
            "9A" => format!("971{:02}", i % 90 + 10),
            "9D" => format!("974{:02}", i % 90 + 10),
            "9F" => format!("976{:02}", i % 90 + 10),
            d => format!("{d}{:03}", i % 900 + 100),
        };
        let acheminement = format!("{postcode} {}", town.to_uppercase());
        let siret = format!("{:014}", 99_900_000_000_000u64 + i as u64);
        let fields: [String; 32] = [
            "structureet".into(),
            et.clone(),
            ej.clone(),
            rs,
            rslongue,
            String::new(),
            String::new(),
            format!("{}", i % 120 + 1),
            "R".into(),
            format!("des {}", NAMES[rng.next(NAMES.len())]),
            String::new(),
            String::new(),
            format!("{:03}", i % 500 + 1),
            file_dep.into(),
            String::new(),
            acheminement,
            "0300000000".into(),
            String::new(),
            cat.into(),
            cat_label.into(),
            agr.into(),
            agr_label.into(),
            siret,
            "8710A".into(),
            "03".into(),
            "ARS TG HAS Publique".into(),
            String::new(),
            String::new(),
            "1990-01-01".into(),
            "1990-01-01".into(),
            "2026-10-01".into(),
            String::new(),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        text.push_str(&line.join(";"));
        text.push('\n');
        if variant == Variant::Cs1100507 {
            text.push_str(&format!(
                "geolocalisation;{et};700000.0;7000000.0;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2026-10-01\n"
            ));
        }
        rows.push(fields);
    }
    let bytes = match encoding {
        SampleEncoding::Utf8 => text.into_bytes(),
        SampleEncoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
    };
    Extract { bytes, rows }
}

/// A sample list of référencé solutions, as CSV (`;`, UTF-8), with fictitious éditeurs.
pub fn solutions_csv() -> String {
    let rows = [
        (
            "Éditions Logicielles du Nord (fictif)",
            "DUI Horizon",
            "5.2",
            "DEMO-DUI-MS1-0042",
            "DUI MS1",
            "01/06/2023",
            "",
        ),
        (
            "Éditions Logicielles du Nord (fictif)",
            "DUI Horizon",
            "5.1",
            "DEMO-DUI-MS1-0031",
            "DUI MS1",
            "15/01/2023",
            "31/05/2024",
        ),
        (
            "Médisoft Exemple (fictif)",
            "Parcours Usager",
            "2024.1",
            "DEMO-DUI-MS1-0077",
            "DUI MS1",
            "12/02/2024",
            "",
        ),
        (
            "Médisoft Exemple (fictif)",
            "Parcours Usager",
            "2023.3",
            "DEMO-DUI-MS1-0058",
            "DUI MS1",
            "03/07/2023",
            "11/02/2025",
        ),
        (
            "Atelier Numérique Solidaire (fictif)",
            "Carnet d'Accompagnement",
            "3.0",
            "DEMO-DUI-MS1-0090",
            "DUI MS1",
            "20/09/2023",
            "",
        ),
        (
            "Soins & Domicile Logiciels (fictif)",
            "Tournées+",
            "8.4",
            "DEMO-DUI-MS1-0104",
            "DUI MS1",
            "05/03/2024",
            "",
        ),
        (
            "Œuvre Informatique (fictif)",
            "Dossier Résident",
            "12",
            "DEMO-DUI-MS1-0118",
            "DUI MS1",
            "28/05/2024",
            "",
        ),
    ];
    let mut csv = String::from(
        "Éditeur;Solution;Version;Identifiant de référencement;Dispositif;Date de référencement;Fin de validité\n",
    );
    for r in rows {
        csv.push_str(&format!("{};{};{};{};{};{};{}\n", r.0, r.1, r.2, r.3, r.4, r.5, r.6));
    }
    csv
}
