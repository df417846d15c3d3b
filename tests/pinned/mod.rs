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
        sha256: "74368f9afcad98d9a633cf4fafc1743c48d7db74453b3b8a608c46ee6b9a7e7a",
    },
    Case {
        name: "sample-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table",
        code: 0,
        sha256: "917a61d73512ee1b2985ba48dd7206d0c65dd063ec4f5b200a25427bfd7e0d80",
    },
    Case {
        name: "sample-json",
        args: "gap --postings postings.csv --graduates graduates.csv --format json",
        code: 0,
        sha256: "3780f46f29a4f367023b248c0d445e2cb26ee234442cf7eac9044b1702d08788",
    },
    Case {
        name: "sample-ndjson",
        args: "gap --postings postings.csv --graduates graduates.csv --format ndjson",
        code: 0,
        sha256: "cd6597d6ff36e1ea9dc9547c53a37a6cba1fd1c249cb1fc334a2704cf384c350",
    },
    Case {
        name: "sample-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md",
        code: 0,
        sha256: "93156e7ba3bfdf6029a094333baeded7d6567a4fca4704e59e8289e19d388263",
    },
    Case {
        name: "sample-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html",
        code: 0,
        sha256: "db5610c2ab9a308b11da64d64d42f91b752bf86a5105d8edd5bedfc0d7aeb69c",
    },
    Case {
        name: "sample-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx",
        code: 0,
        sha256: "bf050a2d5f0ca141d79c59da2b7c70160812a4f1d7ac5870add9345e3912493a",
    },
    Case {
        name: "sample-fr-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table --lang fr",
        code: 0,
        sha256: "e3c2f091af24071d740fa09f95fa9502f1373a8e72667f5be0365281579437c4",
    },
    Case {
        name: "sample-fr-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang fr",
        code: 0,
        sha256: "d9462e5f35251b748f17ec914c17c781f5e9da9d1a605e0db70801f227e604f0",
    },
    Case {
        name: "sample-fr-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang fr",
        code: 0,
        sha256: "9bbdb944e215bc4db18c4470f6d7187b7cd16bbffe9a8660697e2d9b1d1abdb6",
    },
    Case {
        name: "sample-fr-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx --lang fr",
        code: 0,
        sha256: "d0bf63d7aba76f9f168af07c448aa876ab56882d3b87f1294274442c63189957",
    },
    Case {
        name: "sample-ar-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang ar",
        code: 0,
        sha256: "57cfbe46b78a038da21fb800e5d5298c6d55c9613174926abdfa04f2c6edb6f7",
    },
    Case {
        name: "sample-ar-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang ar",
        code: 0,
        sha256: "e5132ed27efbb9d78a6ce6c558dab12360b2777b28929d486fc4bb3aa12acc47",
    },
    Case {
        name: "sample-family-totals-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format csv",
        code: 0,
        sha256: "ee700468fa11b69396b301b46a9fdfa63bfdeffd299aedcf24e7ddfaad2703ac",
    },
    Case {
        name: "sample-family-totals-html",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format html",
        code: 0,
        sha256: "4d0ebcfe5e8c5db2820ab246f4595cb27a5375849b9e2bb9deca78d79d675bc4",
    },
    Case {
        name: "sample-spec-period-json",
        args: "gap --postings postings.csv --graduates graduates.csv --by specialisation --from 2023 --to 2025 --format json",
        code: 0,
        sha256: "2d2739feb6a3d6587ef10f6a74bd286e1ea751f4185ab46817072c3b29fc72e0",
    },
    Case {
        name: "sample-region-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv --by region --sort balance -o out.xlsx",
        code: 0,
        sha256: "4f84c9a73b5a7662d7281d87d8564812a337625e5aba5675711ffdd29c984660",
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
        sha256: "4d75734e3138c30caf47333b6eb83d2b7733548d87e93a0c3f76e9a70a008496",
    },
    Case {
        name: "sample-unmapped-table",
        args: "gap --postings postings.csv --graduates graduates.csv --show-unmapped --min-count 50 --threshold 0.5 --format table",
        code: 0,
        sha256: "779eb6934abffda9087e34248869f248e18c111b2b180afe3fdacf01824f161b",
    },
    Case {
        name: "sample-nodedup-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --no-dedup --format csv",
        code: 0,
        sha256: "30ff909972a35e5b08ca3c3477bbbc3a0180ff1190c801a4f885f6cd60dc3cfc",
    },
    Case {
        name: "sample-validate-table",
        args: "validate --postings postings.csv --graduates graduates.csv",
        code: 3,
        sha256: "15b26afc7ab6857dbe9e6f3fdf322db54ae9a4486a1c616dcfc7ad71df12e111",
    },
    Case {
        name: "sample-validate-json",
        args: "validate --postings postings.csv --graduates graduates.csv --format json",
        code: 3,
        sha256: "d7181a9933a39befe25de87cf8ddff180edfdfb32ec36d779bedd49079510afd",
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
        sha256: "4085b46fda1f54aa7894930ca96e218bada2efda361be6eae1a9c8cb779c5fa4",
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
        sha256: "e904134a77da3f69b1b42505e1ae8910d8de7a9d52edeec5c49c16bca70018c6",
    },
    Case {
        name: "fixture-html",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format html",
        code: 0,
        sha256: "603c800df19b74ff4a4dbeb7597ad2be03208c297b728fde2fcc7b024508fdb2",
    },
    Case {
        name: "fixture-xlsx",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv -o out.xlsx",
        code: 0,
        sha256: "41ae386751bd41b51135deaa857ab8b4e947e1a28764d225924d7d6d20e4a3c0",
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
        sha256: "5c37868a43fb2d53abd4ee13c1290935da60ada36df4c0285b582548d841d711",
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
            "41900c4ecd9b7379022933e6e4d838c0a6faffc317fa733e7e0da1df49a424da",
        ),
        (
            "gaps-2025.json",
            "3780f46f29a4f367023b248c0d445e2cb26ee234442cf7eac9044b1702d08788",
        ),
        (
            "regions-2025.csv",
            "d937234ad96c17a2102c6e114be5ff22c9b59deb8d7e60d991ef57f95adb0fd6",
        ),
    ];
    for (name, sha) in expected {
        let got = sha256(&std::fs::read(wd.path().join("out").join(name)).unwrap());
        assert_eq!(got, sha, "out/{name} changed");
    }
}
