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

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is required on CI (.ci/run installs it)"
        );
        eprintln!("skipped: no chromium on this machine (apt-get install chromium)");
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

    let page = wd.path().join("report.html");
    let url = format!("file://{}", page.display());
    let dom = headless(browser, &wd.path().join("profile-dom"))
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&dom.stdout);
    let log = String::from_utf8_lossy(&dom.stderr);
    assert!(dom.status.success(), "chromium failed: {log}");
    assert!(
        !log.contains("Uncaught") && !log.contains(":CONSOLE("),
        "console errors: {log}"
    );
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
