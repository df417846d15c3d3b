//! Pinned bytes: the SHA-256 of every report format on the bundled sample and on the test
//! fixtures, and of the outputs of `skillgap run sample-data/monthly.toml`.
//!
//! These pins catch any change in what skillgap writes, however small: a refactoring must leave
//! them all as they are. When a change of output is intended, the failure message gives the new
//! checksum of each case that moved; update the case here in the same commit and say why.

use sha2::{Digest, Sha256};

use crate::workdir::Workdir;

/// One command line and the checksum of what it writes: the file `out.xlsx` when the command
/// writes it, else stdout.
struct Case {
    name: &'static str,
    /// Arguments, separated by single spaces. The sample is copied in as `postings.csv` and
    /// `graduates.csv`, the fixtures as `fx-<name>`.
    args: &'static str,
    code: i32,
    sha256: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "sample-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --format csv",
        code: 0,
        sha256: "6988def5b746ce84c1426ffcb9d8861b87755a6a7482e103f365832adb5d8955",
    },
    Case {
        name: "sample-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table",
        code: 0,
        sha256: "1854cd824cf6887abe4e5a8ac43ff2ae84a658c9e8467bd481025f65bd044c44",
    },
    Case {
        name: "sample-json",
        args: "gap --postings postings.csv --graduates graduates.csv --format json",
        code: 0,
        sha256: "578f6961cc067249f96419cdc45f94e58dab41293613b6775c90fe2920872ab2",
    },
    Case {
        name: "sample-ndjson",
        args: "gap --postings postings.csv --graduates graduates.csv --format ndjson",
        code: 0,
        sha256: "4f43a3bdd8cd864159db662ba0cc3d70235cf169aeb45128e69482686735dd93",
    },
    Case {
        name: "sample-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md",
        code: 0,
        sha256: "8bb3317f0eb8ab50e30f2295323988ece62ada1f831c97f591786343c17c192c",
    },
    Case {
        name: "sample-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html",
        code: 0,
        sha256: "e90535e4bc908c2a491d3d6a8ee684c1fd7f4ca36bfb66d01b2a9d3e4d02791a",
    },
    Case {
        name: "sample-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx",
        code: 0,
        sha256: "a7206bafe68cc2f863cbd8caaee556e8e376c0dedae7df08b4d8f1d80317663f",
    },
    Case {
        name: "sample-fr-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table --lang fr",
        code: 0,
        sha256: "073b674cea7bba8f44952832d83389158c6f4233c71b51cc5279e6870b001756",
    },
    Case {
        name: "sample-fr-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang fr",
        code: 0,
        sha256: "06cecbec0cc22732ae92eed7fb522392b7973d8279571299ac794c511dce00f0",
    },
    Case {
        name: "sample-fr-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang fr",
        code: 0,
        sha256: "66ebf3e9a60948962655286ac1a5abe23cfcc4b07d490a89e8fc56bb6e51bdac",
    },
    Case {
        name: "sample-fr-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx --lang fr",
        code: 0,
        sha256: "e44982ffb45bddf84c4eae642754976576be2db0b9d18800fdaa3184760d8ccf",
    },
    Case {
        name: "sample-ar-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang ar",
        code: 0,
        sha256: "3e1cae1e86fbc00711df3c8720308a1078ecab5fc6e49ce7c6ca91c34f1e26dd",
    },
    Case {
        name: "sample-ar-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang ar",
        code: 0,
        sha256: "9effbff8465ed5e25917f43b66dbe62e16f7a433f70ca6f85181a70515a0ecb9",
    },
    Case {
        name: "sample-family-totals-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format csv",
        code: 0,
        sha256: "a3a438565623cfb81ba8b863b96cde99d77c37376b8844f2a8ed119d11082f1f",
    },
    Case {
        name: "sample-family-totals-html",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format html",
        code: 0,
        sha256: "1f6f2cead980b15ca34541b7f0d3f04e0bce003daba6308da5803f66c6b5c544",
    },
    Case {
        name: "sample-spec-period-json",
        args: "gap --postings postings.csv --graduates graduates.csv --by specialisation --from 2023 --to 2025 --format json",
        code: 0,
        sha256: "46aae878feb9f68661f8fa99158ffe6a447f3ffa6eed4831a9e55f13224d2b20",
    },
    Case {
        name: "sample-region-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv --by region --sort balance -o out.xlsx",
        code: 0,
        sha256: "bc492cd1de6ef08275f8343b62ef1db8b68a57cbbd26372cbecad1ff56f919ef",
    },
    Case {
        name: "sample-shortages-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --shortages --top 7 --sort ratio --output-delimiter ; --format csv",
        code: 0,
        sha256: "7744e4207afb70a0f112691a511a7bc3d30caaae094aefd3563d35ee88f3ad66",
    },
    Case {
        name: "sample-surpluses-md",
        args: "gap --postings postings.csv --graduates graduates.csv --surpluses --top 5 --format md",
        code: 0,
        sha256: "bbf3e9e7b8d90544c0f1276ef65c7c7b2ff04c4901f01cad06c309730534a039",
    },
    Case {
        name: "sample-unmapped-table",
        args: "gap --postings postings.csv --graduates graduates.csv --show-unmapped --min-count 50 --threshold 0.5 --format table",
        code: 0,
        sha256: "c4fee5dd72f21b27fccb453c1452030fc87e6d1481ebf8d7d442e36d3e1a8e55",
    },
    Case {
        name: "sample-nodedup-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --no-dedup --format csv",
        code: 0,
        sha256: "5ae47ce2d9b3bb20ba7a5983151b35ca7e59330b803ba74943c1f26dfcd47cca",
    },
    Case {
        name: "sample-validate-table",
        args: "validate --postings postings.csv --graduates graduates.csv",
        code: 3,
        sha256: "1d5fb49807a84f6e030dde1e3a903c0c91bbc591eacdd99fd1631243ab0ec283",
    },
    Case {
        name: "sample-validate-json",
        args: "validate --postings postings.csv --graduates graduates.csv --format json",
        code: 3,
        sha256: "d998772e559471c9acc7acbad2eec2cd21183a135bae399a6c3a95ac21dade7b",
    },
    Case {
        name: "fixture-csv",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format csv --show-unmapped",
        code: 0,
        sha256: "d49a89d2dda725f5b0c2d85085b4f6926d81a6c371617a6e2dc24040192d1bbf",
    },
    Case {
        name: "fixture-json",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format json",
        code: 0,
        sha256: "9ee89202b37e829c03d701b53fee30617646a75add11d8d6f60284b151a94100",
    },
    Case {
        name: "fixture-table",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format table --totals",
        code: 0,
        sha256: "86b7a129775730499f18b25e35b3017a41ff27f2b85899db3ae010ef27ad4c2a",
    },
    Case {
        name: "fixture-md",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format md",
        code: 0,
        sha256: "436887af0ffa03d257b4abdb2bc1788d3c841afdcee9d50720aa5399061a42a1",
    },
    Case {
        name: "fixture-html",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format html",
        code: 0,
        sha256: "b7c7fba47f34025995db4eae117561fe54dbe2fe15fb090f7535b960fdf467bc",
    },
    Case {
        name: "fixture-xlsx",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv -o out.xlsx",
        code: 0,
        sha256: "3080d2f1ff0159e4140e0cf76ef55117075655a48213e2e62ddc9f1ea3faa53d",
    },
    Case {
        name: "fixture-fr-csv",
        args: "gap --postings fx-postings_fr.csv --graduates fx-graduates_fr.csv --format csv",
        code: 0,
        sha256: "06b71cd7a1ab78645d2a02b41f9d4cc0f890c046638205b96aa3753c5c1f9487",
    },
    Case {
        name: "fixture-validate-json",
        args: "validate --postings fx-postings.csv --graduates fx-graduates.csv --format json",
        code: 3,
        sha256: "3993696ee59a343aabebc58456c73662525138488a9345ae85dc1b1b3b1f00b4",
    },
];

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A work directory holding the sample data, its job file and the test fixtures.
fn inputs() -> Workdir {
    let wd = Workdir::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["postings.csv", "graduates.csv", "monthly.toml"] {
        wd.write(
            name,
            std::fs::read(root.join("sample-data").join(name)).unwrap(),
        );
    }
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            wd.write(&format!("fx-{name}"), std::fs::read(&path).unwrap());
        }
    }
    wd
}

#[test]
fn every_format_writes_the_pinned_bytes() {
    let wd = inputs();
    let mut moved = Vec::new();
    for case in CASES {
        let out = wd.path().join("out.xlsx");
        let _ = std::fs::remove_file(&out);
        let args: Vec<&str> = case.args.split(' ').collect();
        let run = wd.run(&args);
        run.expect_code(case.code);
        let bytes = match std::fs::read(&out) {
            Ok(b) => b,
            Err(_) => run.stdout_bytes().to_vec(),
        };
        let got = sha256(&bytes);
        if got != case.sha256 {
            moved.push(format!("{}: {got}", case.name));
        }
    }
    assert!(
        moved.is_empty(),
        "the output of these cases changed (new checksums):\n{}",
        moved.join("\n")
    );
}

#[test]
fn the_monthly_job_writes_the_pinned_reports() {
    let wd = inputs();
    wd.run(&["run", "monthly.toml"]).expect_success();
    let expected = [
        (
            "gaps-2025.csv",
            "c472c32aca8cea82ba0e83b37bd4602a0b60dae62a7c0fcc9dd3eb8278082552",
        ),
        (
            "gaps-2025.json",
            "578f6961cc067249f96419cdc45f94e58dab41293613b6775c90fe2920872ab2",
        ),
        (
            "regions-2025.csv",
            "71e8e6e1ed9e1e42288c1aa1e8f84350152ef62283699fadd71a05e54c759f3a",
        ),
    ];
    for (name, sha) in expected {
        let got = sha256(&std::fs::read(wd.path().join("out").join(name)).unwrap());
        assert_eq!(got, sha, "out/{name} changed");
    }
}
