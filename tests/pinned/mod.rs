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
        sha256: "7b284a77ed6b6c10997bea42267abfcdc9d941a212a0fbc0e7f004bb4f1cd455",
    },
    Case {
        name: "sample-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table",
        code: 0,
        sha256: "899423099e1810590c1354dd030b3821eea66a8c6a5cf7a1c6cdb332505e2861",
    },
    Case {
        name: "sample-json",
        args: "gap --postings postings.csv --graduates graduates.csv --format json",
        code: 0,
        sha256: "ffa50162477feb83b2a56b5a89b57a24c23ba6997cdac5371e0b1cd71233aa9c",
    },
    Case {
        name: "sample-ndjson",
        args: "gap --postings postings.csv --graduates graduates.csv --format ndjson",
        code: 0,
        sha256: "07c580954c47837eca97e1a0a65198b0c0a9a8ab74f93b12ddafbebb56129e03",
    },
    Case {
        name: "sample-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md",
        code: 0,
        sha256: "f55781d5c05329c13bb77164e48d2cf439012eb7a99f22978b3b7acc879db599",
    },
    Case {
        name: "sample-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html",
        code: 0,
        sha256: "ecd3fc8a50c05b92e66fdb3462e2540046a6351811ca520775a91a2663b3fa8b",
    },
    Case {
        name: "sample-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx",
        code: 0,
        sha256: "fb614959641e0200a2128ed26a9a87366d1a17c44c3c5cd4ffbc190cdadd7e8c",
    },
    Case {
        name: "sample-fr-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table --lang fr",
        code: 0,
        sha256: "2c2d42ccdc30def0c865c9655cd3e5e4fccdd01802338ef95855848f6c8d9e03",
    },
    Case {
        name: "sample-fr-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang fr",
        code: 0,
        sha256: "92dba05de0d918e7e31a91641a0d0015098414eca1dc08cf1979e25792cf9bb2",
    },
    Case {
        name: "sample-fr-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang fr",
        code: 0,
        sha256: "bbeefc832e08f37d3cf448d935e23344157ba81024e92a7234c9d9f0ffdf2343",
    },
    Case {
        name: "sample-fr-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx --lang fr",
        code: 0,
        sha256: "1d9f5a213eb2b078495796e72acf1ed0dd352a082c6b0c5473e1f38f9bb7ed86",
    },
    Case {
        name: "sample-ar-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang ar",
        code: 0,
        sha256: "7294587fb28139352b4d0f09513de1c31a4f3ff624ea108845fb5070c8311c00",
    },
    Case {
        name: "sample-ar-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang ar",
        code: 0,
        sha256: "c82ea912b4c6e1cdbd64ca9392844a256faea5ff76414166f581d047ef46c3f1",
    },
    Case {
        name: "sample-family-totals-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format csv",
        code: 0,
        sha256: "46d3acfb940b4ded0100bbcb1ce6841896cad2ab5ce36809c851ee9462138c54",
    },
    Case {
        name: "sample-family-totals-html",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format html",
        code: 0,
        sha256: "da21870cefe259ef95a9c82bab20cef8c1553add88a00a85c018664e4c4e6ef2",
    },
    Case {
        name: "sample-spec-period-json",
        args: "gap --postings postings.csv --graduates graduates.csv --by specialisation --from 2023 --to 2025 --format json",
        code: 0,
        sha256: "79103773f9d2b0d68ef0cde6bd5c1a2a6e3a67d6098f6809b8fa66f0c00402d1",
    },
    Case {
        name: "sample-region-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv --by region --sort balance -o out.xlsx",
        code: 0,
        sha256: "5586f25da8c226c2f597c60c2264ccec0e2057428999cdbacc5befd8a4ea665f",
    },
    Case {
        name: "sample-shortages-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --shortages --top 7 --sort ratio --output-delimiter ; --format csv",
        code: 0,
        sha256: "4f02ed24a2f2096647a10d3a19066e7ea54d11ff9c5e6d3c82cf8a7a77b9bf0f",
    },
    Case {
        name: "sample-surpluses-md",
        args: "gap --postings postings.csv --graduates graduates.csv --surpluses --top 5 --format md",
        code: 0,
        sha256: "277696e88aa405297ebb46041035e361dbc6742dc931aeedd7b4eee6e61a8690",
    },
    Case {
        name: "sample-unmapped-table",
        args: "gap --postings postings.csv --graduates graduates.csv --show-unmapped --min-count 50 --threshold 0.5 --format table",
        code: 0,
        sha256: "7be5f880bac6acc3923ad5ae5dd36c417351af797062435c1fce2220b2db9fd6",
    },
    Case {
        name: "sample-nodedup-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --no-dedup --format csv",
        code: 0,
        sha256: "762dc836cd6b4a2a57153685029b94daa4ac8f4425085f22a5081554401924e1",
    },
    Case {
        name: "sample-validate-table",
        args: "validate --postings postings.csv --graduates graduates.csv",
        code: 3,
        sha256: "f4e773c52ccb42e60a69181bbcef24132e406c8c2e6bd238139814b9885a5736",
    },
    Case {
        name: "sample-validate-json",
        args: "validate --postings postings.csv --graduates graduates.csv --format json",
        code: 3,
        sha256: "5af8bf4bee580f32a4c26ab7f858be44bd12226e4f80211f96840c70fe6ec200",
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
        sha256: "0463414975616f6f3743b7cfcffce782f3730f6df8c85dfe4bbd5fe36a1b83cd",
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
        sha256: "defb57c4a8f8a01907f5653f6cfee0a77d32bd7bceffff78a0774038b40031d9",
    },
    Case {
        name: "fixture-html",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format html",
        code: 0,
        sha256: "fd976fa3a5958bc7b9342317bee66c741ba57bd3b34b437686889028a55bec2a",
    },
    Case {
        name: "fixture-xlsx",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv -o out.xlsx",
        code: 0,
        sha256: "1b4ae1dd1931ef3f43d9a4daca8268b28216cde304a4d8181cd9e8c51e51f4ee",
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
        sha256: "cfd190d6f3909d031a68dcb1c1c6fdfbae16df86c01930abeb4252a12f89f155",
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
            "e07cf8c541643eed24ec2e2c61e093ce8e94be9c5729f5f092396f3c8308b4d1",
        ),
        (
            "gaps-2025.json",
            "ffa50162477feb83b2a56b5a89b57a24c23ba6997cdac5371e0b1cd71233aa9c",
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
