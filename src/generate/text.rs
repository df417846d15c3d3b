//! The text columns of `generate --descriptions`: a French description of a few hundred words
//! naming some skills typical of the posting's specialisation among boilerplate, with the false
//! friends real postings carry (`C'est`, `R&D`, `16 Go`, `25 °C`, HTML entities), and a
//! `skills` cell listing some of them as boards do (`Python - SQL - Anglais`).
//!
//! It draws from its own random stream, so that the other columns are the same with or without
//! descriptions.

use super::labels::{SpecTable, Tables};
use super::rng::Rng;

const OPENINGS: [&str; 5] = [
    "Notre client, acteur majeur de son secteur, recrute un(e) ",
    "Dans le cadre de sa croissance, notre société recherche un(e) ",
    "Rejoignez une équipe dynamique en tant que ",
    "Nous recrutons pour un poste en CDI : ",
    "Vous souhaitez relever un nouveau défi ? C'est le moment de postuler comme ",
];

const MISSIONS: [&str; 6] = [
    "Participer à la conception et au suivi des projets de l'équipe",
    "Assurer le suivi quotidien des activités et le reporting auprès du responsable",
    "Contribuer à l'amélioration continue des processus internes",
    "Rédiger la documentation et partager les bonnes pratiques",
    "Travailler avec les équipes R&amp;D et les clients internes",
    "Accompagner les utilisateurs et traiter leurs demandes",
];

const BOILERPLATE: [&str; 6] = [
    "Poste basé sur site, avec 2 jours de télétravail par semaine.",
    "Matériel fourni : ordinateur portable 16 Go de RAM et double écran.",
    "Locaux climatisés à 25 °C, restaurant d'entreprise et parking.",
    "Rémunération selon profil, primes, mutuelle et assurance.",
    "C'est l'occasion d'intégrer une structure en pleine croissance.",
    "Merci d'envoyer votre CV et lettre de motivation avant la fin du mois.",
];

const REQUIREMENTS: [&str; 5] = [
    "Maîtrise de ",
    "Bonne connaissance de ",
    "Expérience confirmée sur ",
    "Une première expérience avec ",
    "Connaissances appréciées : ",
];

/// Writes a description for a posting of `spec` titled `title` into `out` (emptied first); about
/// 4 % of postings have none.
pub(super) fn description(
    rng: &mut Rng,
    t: &Tables,
    spec: &SpecTable,
    title: &[u8],
    city: &str,
    picked: &mut Vec<usize>,
    out: &mut Vec<u8>,
) {
    out.clear();
    picked.clear();
    if rng.chance(0.04) {
        return;
    }
    let mut push = |s: &str| out.extend_from_slice(s.as_bytes());
    push(pick(rng, &OPENINGS));
    out.extend_from_slice(title);
    let mut push = |s: &str| out.extend_from_slice(s.as_bytes());
    push(&format!(" à {city}.\n\nVos missions :\n"));
    for _ in 0..rng.range(3, 5) {
        push("- ");
        push(pick(rng, &MISSIONS));
        push(";\n");
    }
    push("\nProfil recherché :\n- Bac+");
    push(&rng.range(2, 5).to_string());
    push(" ou équivalent, ");
    push(&rng.range(1, 8).to_string());
    push(" ans d'expérience.\n");
    let n = if spec.skills.is_empty() {
        0
    } else {
        rng.range(3, 8) as usize
    };
    for _ in 0..n {
        let k = rng.below(spec.skills.len());
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    for chunk in picked.chunks(3) {
        push("- ");
        push(pick(rng, &REQUIREMENTS));
        for (i, &k) in chunk.iter().enumerate() {
            if i > 0 {
                push(if i + 1 == chunk.len() { " et " } else { ", " });
            }
            let (fr, en) = &spec.skills[k];
            push(if rng.chance(0.3) { en } else { fr });
        }
        push(".\n");
    }
    for _ in 0..rng.range(1, 3) {
        push("- ");
        push(rng.pick(&t.soft_skills).as_str());
        push(".\n");
    }
    push("\n");
    for _ in 0..rng.range(2, 4) {
        push(pick(rng, &BOILERPLATE));
        push(" ");
    }
}

/// Writes the `skills` cell into `out` (emptied first): some of the skills the description
/// names, joined by ` - `; empty for about a third of postings, as on real boards.
pub(super) fn skills_cell(rng: &mut Rng, spec: &SpecTable, picked: &[usize], out: &mut Vec<u8>) {
    out.clear();
    if picked.is_empty() || rng.chance(0.35) {
        return;
    }
    for (i, &k) in picked.iter().take(4).enumerate() {
        if i > 0 {
            out.extend_from_slice(b" - ");
        }
        out.extend_from_slice(spec.skills[k].0.as_bytes());
    }
}

/// One of `items`, as a `&str`.
fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    rng.pick::<&str>(items)
}
