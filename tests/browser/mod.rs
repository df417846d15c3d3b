//! The HTML report in a real browser: headless Chromium loads it from disk (no network), with no
//! console errors, and the rendered page holds the heatmap, the bar charts and the top shortage.
//!
//! Skipped with a message when Chromium is absent, except on CI (`CI` set), where `.ci/run`
//! installs it and its absence is a failure. The screenshot is left in the test's directory
//! when `SKILLGAP_KEEP_SCREENSHOT` names a path to copy it to.

use std::path::Path;
use std::process::Command;

use crate::workdir::Workdir;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// The browser to test with; on a machine without one, `None` after saying the test is skipped
/// (on CI its absence is a failure).
fn chromium_or_skip() -> Option<&'static str> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is required on CI (.ci/run installs it)"
        );
        eprintln!("skipped: no chromium on this machine (apt-get install chromium)");
    }
    found
}

fn headless(browser: &str, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// The DOM of `page` (in the work directory) as Chromium renders it, and its URL; fails on a
/// console error.
fn rendered_dom(browser: &str, wd: &Workdir, page: &str) -> (String, String) {
    let url = format!("file://{}", wd.path().join(page).display());
    let profile = wd.path().join(format!("profile-dom-{page}"));
    let dom = headless(browser, &profile)
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&dom.stdout).into_owned();
    let log = String::from_utf8_lossy(&dom.stderr);
    assert!(dom.status.success(), "chromium failed: {log}");
    assert!(
        !log.contains("Uncaught") && !log.contains(":CONSOLE("),
        "console errors: {log}"
    );
    (html, url)
}

/// The trend report in the three languages: its charts, its target marks and its tables.
#[test]
fn trend_report_renders_in_headless_chromium() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let wd = Workdir::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let input = |name: &str| sample.join(name).to_str().unwrap().to_string();
    let (p, g, t) = (
        input("postings.csv"),
        input("graduates.csv"),
        input("targets.toml"),
    );
    for (lang, heading) in [
        ("en", "Backtest: how far to trust the projection"),
        ("fr", "lang=\"fr\""),
        ("ar", "dir=\"rtl\""),
    ] {
        let page = format!("trend-{lang}.html");
        wd.run(&[
            "-q",
            "trend",
            "--postings",
            &p,
            "--graduates",
            &g,
            "--by",
            "specialisation",
            "--targets",
            &t,
            "--lang",
            lang,
            "-o",
            &page,
        ])
        .expect_success();
        let (html, _) = rendered_dom(browser, &wd, &page);
        assert!(html.contains(heading), "{lang}: no {heading:?}");
        // 24 cells charted, then one chart per target (the two of targets.toml)
        assert_eq!(
            html.matches("<figure class=\"panel\">").count(),
            26,
            "{lang}"
        );
        // each target's chart marks it with a diamond
        assert_eq!(html.matches("l5 5 l-5 5 l-5 -5 z").count(), 2, "{lang}");
        // the wide tables scroll in their box rather than widen the page
        assert!(
            html.matches("<div class=\"wide\"><table>").count() >= 4,
            "{lang}"
        );
    }
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let wd = Workdir::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let postings = sample.join("postings.csv");
    let graduates = sample.join("graduates.csv");
    let (p, g) = (postings.to_str().unwrap(), graduates.to_str().unwrap());
    wd.run(&[
        "-q",
        "gap",
        "--postings",
        p,
        "--graduates",
        g,
        "-o",
        "report.html",
    ])
    .expect_success();
    // the top shortage, from the CSV report of the same inputs
    let top = wd
        .run(&[
            "-q",
            "gap",
            "--postings",
            p,
            "--graduates",
            g,
            "--format",
            "csv",
            "--top",
            "1",
        ])
        .expect_success()
        .stdout();
    let top: Vec<String> = top
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    let (region, spec) = (&top[1], &top[3]);

    let (html, url) = rendered_dom(browser, &wd, "report.html");
    assert!(
        html.contains("class=\"heat\""),
        "no heatmap in the rendered page"
    );
    assert!(html.contains("Top 10 shortages") && html.contains("Top 10 surpluses"));
    assert!(
        html.contains(region.as_str()) && html.contains(spec.as_str()),
        "top shortage {region} / {spec} not shown"
    );

    let shot = wd.path().join("report.png");
    let out = headless(browser, &wd.path().join("profile-shot"))
        .args(["--window-size=1400,2200", "--hide-scrollbars"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "screenshot looks empty"
    );
    if let Some(keep) = std::env::var_os("SKILLGAP_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

/// The skills page in the three languages: a chart per cell, the uncovered skills marked; and
/// the gap page's top skills per specialisation, from postings with a description.
#[test]
fn skills_pages_render_in_headless_chromium() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let wd = Workdir::new();
    wd.write(
        "postings.csv",
        "id,date,titre,specialite,region,description\n\
         1,2025-03-01,Analyste SOC,cybersecurity,MA-06,\"SIEM, Splunk et Python.\"\n\
         2,2025-03-02,Analyste SOC,cybersecurity,MA-06,\"SIEM et anglais.\"\n\
         3,2025-03-03,Data analyst,data,MA-06,\"Python, SQL.\"\n",
    );
    wd.write(
        "curricula.csv",
        "programme,skill\ncybersecurity,siem\ndata,python\n",
    );
    wd.write(
        "graduates.csv",
        "year,region,field,graduates\n2025,MA-06,Génie informatique,20\n",
    );
    for (lang, heading) in [
        ("en", "Top skills per cell"),
        ("fr", "Compétences les plus demandées par cellule"),
        ("ar", "المهارات الأكثر طلبًا حسب الخلية"),
    ] {
        let page = format!("skills-{lang}.html");
        wd.run(&[
            "-q",
            "skills",
            "--postings",
            "postings.csv",
            "--curricula",
            "curricula.csv",
            "--format",
            "html",
            "--lang",
            lang,
            "-o",
            &page,
        ])
        .expect_success();
        let (html, _) = rendered_dom(browser, &wd, &page);
        assert!(html.contains(heading), "{lang}: no {heading:?}");
        assert_eq!(
            html.matches("<figure class=\"panel\">").count(),
            2,
            "{lang}"
        );
        // uncovered: Splunk, Python and English in cybersecurity, SQL in data
        assert_eq!(html.matches("class=\"uncovered\"").count(), 4, "{lang}");
        assert_eq!(html.matches("class=\"taught\"").count(), 2, "{lang}");
    }
    wd.run(&[
        "-q",
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "-o",
        "gap.html",
    ])
    .expect_success();
    let (html, _) = rendered_dom(browser, &wd, "gap.html");
    assert!(html.contains("Top skills asked for per specialisation"));
    assert_eq!(html.matches("<li data-skill=").count(), 4 + 2);
}
