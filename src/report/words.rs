//! The words of the indicators in the reports for people: the titles of the extra columns, the
//! ratings, bands and mismatch classes, and the sentences of the method, in each report language.
//! CSV and JSON keep the English ids ([`Extra::id`], the ratings' labels).
//!
//! Kept apart from [`super::i18n`] so that the gap report's own words stay as they are; a report
//! language is found by its BCP 47 tag.

use super::i18n::Strings;
use crate::indicators::columns::{Extra, Group, IndicatorParams};

/// The language of `s`: 0 English, 1 French, 2 Arabic.
fn lang(s: &Strings) -> usize {
    match s.tag {
        "fr" => 1,
        "ar" => 2,
        _ => 0,
    }
}

/// The title of an extra column.
pub fn title(e: Extra, s: &Strings) -> &'static str {
    use Extra::*;
    let t: [&str; 3] = match e {
        DemandLow => ["Demand (low)", "Demande (basse)", "الطلب (أدنى)"],
        DemandHigh => ["Demand (high)", "Demande (haute)", "الطلب (أعلى)"],
        SupplyLow => ["Supply (low)", "Offre (basse)", "العرض (أدنى)"],
        SupplyHigh => ["Supply (high)", "Offre (haute)", "العرض (أعلى)"],
        GapLow => ["Gap (low)", "Écart (bas)", "الفجوة (أدنى)"],
        GapHigh => ["Gap (high)", "Écart (haut)", "الفجوة (أعلى)"],
        DemandCiLow => [
            "Demand, 90% interval, low",
            "Demande, intervalle à 90 %, bas",
            "الطلب، مجال 90٪، أدنى",
        ],
        DemandCiHigh => [
            "Demand, 90% interval, high",
            "Demande, intervalle à 90 %, haut",
            "الطلب، مجال 90٪، أعلى",
        ],
        GapCiLow => [
            "Gap, 90% interval, low",
            "Écart, intervalle à 90 %, bas",
            "الفجوة، مجال 90٪، أدنى",
        ],
        GapCiHigh => [
            "Gap, 90% interval, high",
            "Écart, intervalle à 90 %, haut",
            "الفجوة، مجال 90٪، أعلى",
        ],
        RatioCiLow => [
            "Ratio, 90% interval, low",
            "Rapport, intervalle à 90 %, bas",
            "النسبة، مجال 90٪، أدنى",
        ],
        RatioCiHigh => [
            "Ratio, 90% interval, high",
            "Rapport, intervalle à 90 %, haut",
            "النسبة، مجال 90٪، أعلى",
        ],
        Rating => ["Rating", "Évaluation", "التقييم"],
        LqDemand => ["LQ demand", "QL demande", "معامل التوطن للطلب"],
        LqSupply => ["LQ supply", "QL offre", "معامل التوطن للعرض"],
        LqRatio => ["LQ ratio", "Rapport des QL", "نسبة معاملي التوطن"],
        LqFamilyDemand => [
            "LQ demand, family",
            "QL demande, famille",
            "معامل التوطن للطلب، المجموعة",
        ],
        LqFamilySupply => [
            "LQ supply, family",
            "QL offre, famille",
            "معامل التوطن للعرض، المجموعة",
        ],
        Mismatch => ["Mismatch", "Décalage", "عدم التوافق"],
        DemandPer100k => [
            "Demand per 100,000 inhabitants",
            "Demande pour 100 000 habitants",
            "الطلب لكل 100 ألف نسمة",
        ],
        SupplyPer100k => [
            "Supply per 100,000 inhabitants",
            "Offre pour 100 000 habitants",
            "العرض لكل 100 ألف نسمة",
        ],
    };
    t[lang(s)]
}

/// A rating's, band's or mismatch class's label in words; an unknown label as it is.
pub fn label(l: &'static str, s: &Strings) -> &'static str {
    let t: [&str; 3] = match l {
        "shortage" => [s.shortage; 3],
        "balanced" => [s.balanced; 3],
        "surplus" => [s.surplus; 3],
        "no-assessment" => ["no assessment", "non évalué", "بدون تقييم"],
        "undersupply" => [
            "undersupply",
            "offre très insuffisante",
            "نقص كبير في العرض",
        ],
        "slight-shortage" => ["slight shortage", "léger déficit", "نقص طفيف"],
        "slight-surplus" => ["slight surplus", "léger excédent", "فائض طفيف"],
        "oversupply" => ["oversupply", "offre excédentaire", "فائض كبير في العرض"],
        "train-where-the-jobs-are" => [
            "train where the jobs are",
            "former là où sont les emplois",
            "التكوين حيث توجد الوظائف",
        ],
        "jobs-elsewhere" => ["jobs elsewhere", "emplois ailleurs", "الوظائف في مكان آخر"],
        _ => [l; 3],
    };
    t[lang(s)]
}

/// Headings and sentences of the indicator sections.
pub struct Sentences {
    pub assumptions: &'static str,
    pub concentration: &'static str,
    pub concentration_note: &'static str,
    pub mismatches: &'static str,
    pub legend_no_assessment: &'static str,
}

/// The sentences in the language of `s`.
pub fn sentences(s: &Strings) -> &'static Sentences {
    const EN: Sentences = Sentences {
        assumptions: "Assumptions",
        concentration: "Regional concentration",
        concentration_note: "Location quotient: the region's share of the specialisation over its share of everything (above 1.2: concentrated). Train where the jobs are: demand concentrated (LQ > 1.2), supply sparse (LQ < 0.8); jobs elsewhere: the reverse.",
        mismatches: "Where jobs and graduates are not in the same places",
        legend_no_assessment: "no assessment (grey dots)",
    };
    const FR: Sentences = Sentences {
        assumptions: "Hypothèses",
        concentration: "Concentration régionale",
        concentration_note: "Quotient de localisation : la part de la spécialisation dans la région sur sa part nationale (au-dessus de 1,2 : concentrée). Former là où sont les emplois : demande concentrée (QL > 1,2), offre rare (QL < 0,8) ; emplois ailleurs : l'inverse.",
        mismatches: "Là où emplois et diplômés ne sont pas aux mêmes endroits",
        legend_no_assessment: "non évalué (points gris)",
    };
    const AR: Sentences = Sentences {
        assumptions: "الفرضيات",
        concentration: "التركز الجهوي",
        concentration_note: "معامل التوطن: حصة التخصص في الجهة مقسومة على حصته الوطنية (أكثر من 1.2: متركز). التكوين حيث توجد الوظائف: طلب متركز (أكثر من 1.2) وعرض ضعيف (أقل من 0.8)؛ الوظائف في مكان آخر: العكس.",
        mismatches: "حيث لا توجد الوظائف والخريجون في نفس الأماكن",
        legend_no_assessment: "بدون تقييم (نقاط رمادية)",
    };
    match lang(s) {
        1 => &FR,
        2 => &AR,
        _ => &EN,
    }
}

/// The definitions of the indicators in force, for the method sheet and section (the README's
/// "The numbers" gives the same formulas).
pub fn definitions(s: &Strings, groups: &[Group]) -> Vec<&'static str> {
    const EN: [&str; 5] = [
        "Effective demand = Σ vacancies ÷ coverage(source); effective supply = Σ graduates × entry_rate(level) × (1 − leakage(specialisation, else family)); graduates of year Y count in Y + lag_years. Low demand divides by the high coverage; low supply takes the low entry rate and the high leakage; gap range = [D low − S high, D high − S low].",
        "Scenario range: demand, supply and gap at the low and high values of the assumptions.",
        "90% interval: the postings counted are a Poisson count; the exact (Garwood) interval of that count, times the effective vacancies per posting, stretched to the scenario extremes. Supply is an administrative count, taken as exact. Gap, ratio and balance index follow by monotonicity.",
        "Rating: shortage or surplus when the whole 90% interval of the balance index lies beyond ±T, balanced when it lies within, no assessment when it straddles ±T or the row is low evidence. Bands (Lightcast): supply ÷ demand rounded to 2 decimals, ≤ 0.59 undersupply, 0.60–0.90 slight shortage, 0.91–1.20 balanced, 1.21–1.49 slight surplus, ≥ 1.50 oversupply.",
        "Location quotient = (region's share of the specialisation) ÷ (region's share of all), for demand and for supply; LQ ratio = LQ demand ÷ LQ supply; by region × specialisation, the same quotients for the region × the specialisation's family (LQ demand, family; LQ supply, family); train where the jobs are: LQ demand > 1.2 and LQ supply < 0.8; jobs elsewhere: the reverse. Per 100,000 inhabitants: per year × 100,000 ÷ the region's 2024 census population.",
    ];
    const FR: [&str; 5] = [
        "Demande effective = Σ postes ÷ couverture(source) ; offre effective = Σ diplômés × taux d'entrée(niveau) × (1 − fuite(spécialisation, sinon famille)) ; les diplômés de l'année A comptent en A + lag_years. La demande basse divise par la couverture haute ; l'offre basse prend le taux d'entrée bas et la fuite haute ; écart = [D basse − O haute, D haute − O basse].",
        "Fourchette des scénarios : demande, offre et écart aux valeurs basses et hautes des hypothèses.",
        "Intervalle à 90 % : les offres comptées suivent une loi de Poisson ; l'intervalle exact (Garwood) de ce compte, multiplié par les postes effectifs par offre, étendu aux extrêmes des scénarios. L'offre de diplômés est un compte administratif, prise comme exacte.",
        "Évaluation : déficit ou excédent quand tout l'intervalle à 90 % de l'indice d'équilibre est au-delà de ±T, équilibre quand il est en deçà, non évalué quand il chevauche ±T ou que les données sont faibles. Bandes (Lightcast) : offre ÷ demande arrondie à 2 décimales, ≤ 0,59 offre très insuffisante, 0,60–0,90 léger déficit, 0,91–1,20 équilibre, 1,21–1,49 léger excédent, ≥ 1,50 offre excédentaire.",
        "Quotient de localisation = (part de la région dans la spécialisation) ÷ (part de la région dans l'ensemble), pour la demande et pour l'offre ; par région × spécialisation, les mêmes quotients pour la région × la famille de la spécialisation (QL demande, famille ; QL offre, famille) ; former là où sont les emplois : QL demande > 1,2 et QL offre < 0,8 ; emplois ailleurs : l'inverse. Pour 100 000 habitants : par an × 100 000 ÷ population de la région au recensement de 2024.",
    ];
    const AR: [&str; 5] = [
        "الطلب الفعلي = مجموع المناصب ÷ التغطية(المصدر)؛ العرض الفعلي = مجموع الخريجين × معدل الدخول(المستوى) × (1 − التسرب(التخصص، وإلا العائلة))؛ خريجو السنة س يحسبون في س + lag_years.",
        "مدى السيناريوهات: الطلب والعرض والفجوة عند القيم الدنيا والعليا للفرضيات.",
        "مجال 90٪: عدد الإعلانات متغير بواسون؛ المجال الدقيق (Garwood) لهذا العدد مضروبا في المناصب الفعلية لكل إعلان، وممددا إلى أطراف السيناريوهات. العرض عدد إداري يؤخذ كما هو.",
        "التقييم: نقص أو فائض عندما يقع كامل مجال 90٪ لمؤشر التوازن خارج ±T، توازن عندما يقع داخله، بدون تقييم عندما يتقاطع مع ±T أو تكون البيانات ضعيفة. الأشرطة (Lightcast): العرض ÷ الطلب مقربا إلى رقمين عشريين.",
        "معامل التوطن = (حصة الجهة من التخصص) ÷ (حصة الجهة من المجموع)، للطلب وللعرض؛ وحسب الجهة × التخصص، المعاملان نفسهما للجهة × مجموعة التخصص؛ التكوين حيث توجد الوظائف: معامل الطلب > 1.2 ومعامل العرض < 0.8. لكل 100 ألف نسمة: سنويا × 100000 ÷ سكان الجهة في إحصاء 2024.",
    ];
    let all = match lang(s) {
        1 => FR,
        2 => AR,
        _ => EN,
    };
    let mut out = vec![all[0]];
    for (g, d) in [
        (Group::Scenario, all[1]),
        (Group::Interval, all[2]),
        (Group::Rating, all[3]),
        (Group::Concentration, all[4]),
    ] {
        if groups.contains(&g) {
            out.push(d);
        }
    }
    out
}

/// The method's lines about the indicators: (what, value) pairs, in the report's words.
pub fn method_items(p: &IndicatorParams, s: &Strings) -> Vec<(String, String)> {
    let w = sentences(s);
    let mut items = Vec::new();
    if let Some(a) = &p.assumptions {
        items.push((w.assumptions.to_string(), a.file.clone()));
        items.push((format!("{}: SHA-256", w.assumptions), a.sha256.clone()));
        for line in &a.settings {
            items.push((w.assumptions.to_string(), line.clone()));
        }
    }
    if let Some(i) = &p.interval {
        items.push((
            title(Extra::DemandCiLow, s).to_string(),
            format!("{} ({})", i.confidence, i.method),
        ));
    }
    if let Some(r) = p.rating {
        items.push((title(Extra::Rating, s).to_string(), r.to_string()));
    }
    if let Some(src) = &p.populations {
        items.push((title(Extra::DemandPer100k, s).to_string(), src.clone()));
    }
    items
}

/// The sentence that states assumptions that change the figures, for the table and Markdown
/// formats (identity assumptions change nothing and leave those reports as they are; the JSON,
/// xlsx and HTML reports and the manifest state every assumptions file).
pub fn assumptions_line(p: &IndicatorParams, s: &Strings) -> Option<String> {
    let a = p.assumptions.as_ref().filter(|a| !a.identity)?;
    Some(format!(
        "{}: {} (SHA-256 {}): {}.",
        sentences(s).assumptions,
        a.file,
        a.sha256,
        a.settings.join("; ")
    ))
}
