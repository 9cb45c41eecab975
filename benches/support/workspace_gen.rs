//! Deterministic generator of FRUS-shaped workspaces for benchmarks.
//!
//! `generate(root, spec)` writes `spec.volumes` volume folders under `root`
//! (`frus1964-68v01/`, `frus1964-68v02/`, …), each with `volume.emd`,
//! `persons.emd` (about 150 register entries), `terms.emd` (60 terms) and one
//! file per document (`d0001.emd`, …) of roughly 6–8 KB. The text is valid
//! edition markup (see the markup spec): every footnote reference has its
//! definition and the footnotes run 1, 2, 3, … in order of reference; every
//! document has one source note (footnote 1); every person/term mention,
//! `Document N`, `footnote M, Document N`, `Documents A–B`, explicit `#dN`
//! target and cross-volume `Foreign Relations, …, vol. II, Document 35`
//! points at something the workspace holds; document numbers are consecutive,
//! dates never go backwards and page breaks increase. The only findings a
//! correct checker should report are hints such as `person-unused` and
//! `term-unused`.
//!
//! The output is a pure function of the `Spec`: the same spec gives the same
//! bytes on every platform (a small splitmix/xorshift PRNG, no hash maps are
//! iterated, no clock or environment is read).
//!
//! Used by benches via `#[path = "support/workspace_gen.rs"] mod workspace_gen;`;
//! it needs `std` and the emend library (which writes its roman numerals).

#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Spec {
    /// Number of volume folders (at most `max_volumes()`).
    pub volumes: usize,
    /// Documents in each volume, numbered 1..=documents_per_volume.
    pub documents_per_volume: usize,
    /// Seed of the PRNG; the output is a function of the whole spec.
    pub seed: u64,
}

impl Spec {
    pub const fn new(volumes: usize, documents_per_volume: usize, seed: u64) -> Spec {
        Spec {
            volumes,
            documents_per_volume,
            seed,
        }
    }

    /// A spec whose workspace is about `target_bytes` in `volumes` volumes.
    pub fn for_size(target_bytes: u64, volumes: usize, seed: u64) -> Spec {
        let volumes = volumes.max(1);
        let per_volume = target_bytes / volumes as u64;
        let docs = per_volume.saturating_sub(VOLUME_OVERHEAD_BYTES) / AVG_DOCUMENT_BYTES;
        Spec::new(volumes, (docs as usize).max(1), seed)
    }

    /// Rough size of the workspace this spec produces (within a few per cent).
    pub fn approx_bytes(&self) -> u64 {
        self.volumes as u64
            * (VOLUME_OVERHEAD_BYTES + self.documents_per_volume as u64 * AVG_DOCUMENT_BYTES)
    }

    /// A one-line description that changes whenever the output may change
    /// (for stamp files that decide whether a generated workspace is reusable).
    pub fn fingerprint(&self) -> String {
        format!(
            "workspace_gen v{} volumes={} documents_per_volume={} seed={}",
            GENERATOR_VERSION, self.volumes, self.documents_per_volume, self.seed
        )
    }
}

impl Default for Spec {
    fn default() -> Spec {
        Spec::new(2, 50, 1964)
    }
}

/// What `generate` wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub volumes: usize,
    pub documents: usize,
    /// Files written (`.emd` files only).
    pub files: usize,
    /// Bytes written, in total.
    pub bytes: u64,
}

/// Bumped whenever the generated text changes for a given spec.
pub const GENERATOR_VERSION: u32 = 1;

/// Average size of one generated document file, measured.
pub const AVG_DOCUMENT_BYTES: u64 = 7_000;
/// volume.emd + persons.emd + terms.emd of one volume, about.
pub const VOLUME_OVERHEAD_BYTES: u64 = 15_500;

const WRAP: usize = 95;
const PERSONS_PER_VOLUME: usize = 150;
const TERMS_PER_VOLUME: usize = 60;
/// Every document has at least this many footnotes, so `footnote M, Document
/// N` with M <= MIN_FOOTNOTES always resolves.
const MIN_FOOTNOTES: usize = 4;
const MAX_FOOTNOTES: usize = 6;

/// Writes the workspace of `spec` into `root` (created if missing). Files
/// already there are overwritten, others are left alone.
pub fn generate(root: &Path, spec: &Spec) -> io::Result<Stats> {
    if spec.volumes == 0 || spec.documents_per_volume == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "spec needs at least one volume and one document",
        ));
    }
    if spec.volumes > max_volumes() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "at most {} volumes can be generated, {} asked for",
                max_volumes(),
                spec.volumes
            ),
        ));
    }
    fs::create_dir_all(root)?;
    let metas = plan_volumes(spec);
    let mut stats = Stats {
        volumes: spec.volumes,
        ..Stats::default()
    };
    for vi in 0..metas.len() {
        let dir = root.join(&metas[vi].id);
        fs::create_dir_all(&dir)?;
        let vol = VolumeGen::new(spec, &metas, vi);
        let mut write = |name: &str, text: String| -> io::Result<()> {
            stats.files += 1;
            stats.bytes += text.len() as u64;
            fs::write(dir.join(name), text)
        };
        write("volume.emd", vol.volume_file())?;
        write("persons.emd", vol.persons_file())?;
        write("terms.emd", vol.terms_file())?;
        for n in 1..=spec.documents_per_volume {
            let text = vol.document(n);
            write(&document_file(spec, n), text)?;
            stats.documents += 1;
        }
    }
    Ok(stats)
}

/// The name of the file of document `n` of a volume.
fn document_file(spec: &Spec, n: usize) -> String {
    let width = spec.documents_per_volume.to_string().len().max(4);
    format!("d{:0width$}.emd", n, width = width)
}

/// The file of the first document of the first volume `generate` wrote
/// under `root`.
pub fn first_document(root: &Path, spec: &Spec) -> std::path::PathBuf {
    let volume = all_volume_slots()
        .first()
        .map(|s| s.id())
        .unwrap_or_default();
    root.join(volume).join(document_file(spec, 1))
}

/// The volume ids `generate` uses for `spec`, in order.
pub fn volume_ids(spec: &Spec) -> Vec<String> {
    all_volume_slots()
        .into_iter()
        .take(spec.volumes)
        .map(|s| s.id())
        .collect()
}

/// How many distinct volumes the generator can produce.
pub fn max_volumes() -> usize {
    all_volume_slots().len()
}

// ----- PRNG -------------------------------------------------------------------

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xorshift64* seeded through splitmix64.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut s = seed;
        let x = splitmix64(&mut s);
        Rng(if x == 0 { 0x2545_F491_4F6C_DD1D } else { x })
    }

    /// An independent stream for (seed, a, b).
    fn derive(seed: u64, a: u64, b: u64) -> Rng {
        let mut s = seed;
        let mut x = splitmix64(&mut s);
        s ^= a.wrapping_mul(0xD6E8_FEB8_6659_FD93);
        x ^= splitmix64(&mut s);
        s ^= b.wrapping_mul(0xA076_1D64_78BD_642F);
        x ^= splitmix64(&mut s);
        Rng::new(x)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability pct/100.
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn w(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    /// Index skewed towards 0 (a few items are picked often, most rarely).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        let c = self.below(n);
        a.min(b).min(c)
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ----- calendar --------------------------------------------------------------

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn date_text(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{} {}, {}", MONTHS[m as usize - 1], d, y)
}

fn month_year(day: i64) -> (u32, i64) {
    let (y, m, _) = civil_from_days(day);
    (m, y)
}

fn roman(n: u32) -> String {
    emend::facts::volume_id::to_roman(n)
}

// ----- volumes -----------------------------------------------------------------

/// Published FRUS series whose volumes the generator names (all of these ids
/// are in the list of published FRUS volumes): (first year, last year, number
/// of volumes, volumes published in parts as (volume, parts)).
type Series = (u32, u32, u32, &'static [(u32, u32)]);
const SERIES: &[Series] = &[
    (1964, 1968, 34, &[(29, 2)]),
    (1961, 1963, 25, &[]),
    (1969, 1976, 42, &[(19, 2), (38, 2)]),
    (1955, 1957, 27, &[(23, 2)]),
    (1977, 1980, 30, &[(11, 2), (17, 3)]),
    (1981, 1988, 43, &[(17, 2), (18, 2)]),
];

#[derive(Clone, Copy)]
struct VolumeSlot {
    first: u32,
    last: u32,
    number: u32,
    part: Option<u32>,
    /// Volumes in the series (to spread the series' years over them).
    series_len: u32,
}

impl VolumeSlot {
    fn id(&self) -> String {
        let mut s = format!(
            "frus{}-{:02}v{:02}",
            self.first,
            self.last % 100,
            self.number
        );
        if let Some(p) = self.part {
            let _ = write!(s, "p{}", p);
        }
        s
    }

    /// "Foreign Relations, 1964–1968, vol. II" (+ ", part 1").
    fn citation(&self) -> String {
        let mut s = format!(
            "Foreign Relations, {}–{}, vol. {}",
            self.first,
            self.last,
            roman(self.number)
        );
        if let Some(p) = self.part {
            let _ = write!(s, ", part {}", p);
        }
        s
    }
}

fn all_volume_slots() -> Vec<VolumeSlot> {
    let mut out = Vec::new();
    for &(first, last, count, parts) in SERIES {
        for number in 1..=count {
            match parts.iter().find(|&&(v, _)| v == number) {
                Some(&(_, k)) => {
                    for p in 1..=k {
                        out.push(VolumeSlot {
                            first,
                            last,
                            number,
                            part: Some(p),
                            series_len: count,
                        });
                    }
                }
                None => out.push(VolumeSlot {
                    first,
                    last,
                    number,
                    part: None,
                    series_len: count,
                }),
            }
        }
    }
    out
}

const TOPICS: &[&str] = &[
    "Vietnam",
    "Laos",
    "Cambodia",
    "China",
    "Japan",
    "Korea",
    "South Asia",
    "Soviet Union",
    "Western Europe",
    "Eastern Europe",
    "Arms Control and Disarmament",
    "International Economic Policy",
    "Near East Region",
    "Arab-Israeli Dispute",
    "Africa",
    "American Republics",
    "Cuba",
    "National Security Policy",
    "United Nations",
    "Berlin",
];

/// What other volumes need to know about a volume.
struct VolumeMeta {
    slot: VolumeSlot,
    id: String,
    topic: &'static str,
    /// "Vietnam, June–December 1965"
    subtitle: String,
    /// Day number (days_from_civil) of each document, index 0 = document 1.
    doc_days: Vec<i64>,
    /// Page number of the page break in each document, if it has one.
    doc_pages: Vec<Option<u32>>,
}

fn plan_volumes(spec: &Spec) -> Vec<VolumeMeta> {
    let slots = all_volume_slots();
    let n = spec.documents_per_volume;
    (0..spec.volumes)
        .map(|vi| {
            let slot = slots[vi];
            let mut rng = Rng::derive(spec.seed, vi as u64 + 1, 0);
            let years = slot.last - slot.first + 1;
            let start_year = slot.first + (slot.number - 1) * years / slot.series_len.max(1);
            let start = days_from_civil(
                start_year as i64,
                rng.range(1, 12) as u32,
                rng.range(1, 28) as u32,
            );
            let end_limit = days_from_civil(slot.last as i64, 12, 31);
            let span = (rng.range(150, 540) as i64).min(end_limit - start).max(30);
            let mut doc_days = Vec::with_capacity(n);
            let mut prev = start;
            for k in 0..n {
                let t = (k as i64 * 1000 + rng.below(1000) as i64) * span / (n as i64 * 1000);
                let day = (start + t).max(prev);
                doc_days.push(day);
                prev = day;
            }
            let mut page = rng.range(1, 12) as u32;
            let doc_pages = (0..n)
                .map(|_| {
                    if rng.chance(50) {
                        page += rng.range(1, 4) as u32;
                        Some(page)
                    } else {
                        None
                    }
                })
                .collect();
            let topic = TOPICS[(slot.number as usize - 1) % TOPICS.len()];
            let (m0, y0) = month_year(doc_days[0]);
            let (m1, y1) = month_year(doc_days[n - 1]);
            let span_text = if y0 == y1 && m0 == m1 {
                format!("{} {}", MONTHS[m0 as usize - 1], y0)
            } else if y0 == y1 {
                format!(
                    "{}–{} {}",
                    MONTHS[m0 as usize - 1],
                    MONTHS[m1 as usize - 1],
                    y0
                )
            } else {
                format!(
                    "{} {}–{} {}",
                    MONTHS[m0 as usize - 1],
                    y0,
                    MONTHS[m1 as usize - 1],
                    y1
                )
            };
            VolumeMeta {
                slot,
                id: slot.id(),
                topic,
                subtitle: format!("{}, {}", topic, span_text),
                doc_days,
                doc_pages,
            }
        })
        .collect()
}

// ----- registers -----------------------------------------------------------------

const SURNAMES: &[&str] = &[
    "Acheson",
    "Aiken",
    "Alsop",
    "Ball",
    "Bator",
    "Bell",
    "Bohlen",
    "Bowles",
    "Brown",
    "Bruce",
    "Bundy",
    "Bunker",
    "Busby",
    "Califano",
    "Carver",
    "Cater",
    "Chayes",
    "Clifford",
    "Colby",
    "Cooper",
    "Cottrell",
    "Couve de Murville",
    "Cronkite",
    "Dean",
    "DePuy",
    "Dirksen",
    "Dobrynin",
    "Duong",
    "Eisenhower",
    "Fanfani",
    "Fortas",
    "Fowler",
    "Freeman",
    "Fulbright",
    "Gardner",
    "Gaud",
    "Gilpatric",
    "Goldberg",
    "Goodpaster",
    "Gordon",
    "Gromyko",
    "Gronouski",
    "Habib",
    "Harriman",
    "Helms",
    "Heavner",
    "Hilsman",
    "Holbrooke",
    "Hughes",
    "Humphrey",
    "Jenkins",
    "Jorden",
    "Katzenbach",
    "Kattenburg",
    "Khanh",
    "Kissinger",
    "Kohler",
    "Komer",
    "Kosygin",
    "Krulak",
    "Lansdale",
    "Lodge",
    "Lemnitzer",
    "Mansfield",
    "Marcovich",
    "Martin",
    "McCone",
    "McConaughy",
    "McNamara",
    "McNaughton",
    "McPherson",
    "Meeker",
    "Mendenhall",
    "Moyers",
    "Nitze",
    "Nolting",
    "Oanh",
    "Phouma",
    "Porter",
    "Quat",
    "Raborn",
    "Read",
    "Reedy",
    "Reischauer",
    "Resor",
    "Rostow",
    "Rowan",
    "Rusk",
    "Sakharov",
    "Salinger",
    "Sato",
    "Schlesinger",
    "Sharp",
    "Shastri",
    "Sihanouk",
    "Smith",
    "Sorensen",
    "Stevenson",
    "Sullivan",
    "Suu",
    "Taylor",
    "Thant",
    "Thieu",
    "Thompson",
    "Thuan",
    "Tri",
    "Trueheart",
    "Unger",
    "Valenti",
    "Vance",
    "Westmoreland",
    "Wheeler",
    "Williams",
    "Wilson",
    "Yost",
    "Zinchuk",
    "Zorthian",
    "Ky",
    "Lộc",
    "Müller",
    "Pérez",
    "Anderson",
    "Barnett",
    "Carter",
    "Davidson",
    "Ellsworth",
    "Fisher",
    "Green",
    "Hall",
    "Irwin",
    "Johnson",
    "Kennedy",
    "Lewis",
    "Moore",
    "Nelson",
    "Owen",
    "Parker",
    "Quinn",
    "Roberts",
    "Stewart",
];

const GIVEN: &[&str] = &[
    "Dean",
    "McGeorge",
    "William P.",
    "Robert S.",
    "George W.",
    "W. Averell",
    "Llewellyn E.",
    "Henry Cabot",
    "Maxwell D.",
    "Walt W.",
    "Nicholas deB.",
    "Arthur J.",
    "Mike",
    "J. William",
    "Chester L.",
    "John T.",
    "Leonard",
    "Joseph A.",
    "Cyrus R.",
    "Earle G.",
    "U. Alexis",
    "Philip C.",
    "Chalmers M.",
    "Jack",
    "Bill D.",
    "Richard M.",
    "Clark M.",
    "Paul H.",
    "Harold",
    "Nguyen Cao",
    "Nguyen Van",
    "Phan Huy",
    "Tran Van",
    "Souvanna",
    "Norodom",
    "Andrei A.",
    "Anatoly F.",
    "Alexei N.",
    "Leonid I.",
    "Maurice",
    "Amintore",
    "Eisaku",
    "Lal Bahadur",
    "Edwin O.",
    "Ellsworth",
    "Lyndon B.",
    "Hubert H.",
    "Dwight D.",
    "James B.",
    "John A.",
    "Charles E.",
    "Marshall",
    "Francis M.",
    "Daniel",
    "Edward G.",
    "Frederick E.",
    "Thomas L.",
    "Benjamin H.",
    "Samuel D.",
    "Ruth",
    "Margaret",
    "Helen",
    "Carl",
    "Kenneth",
];

const ROLES: &[&str] = &[
    "Secretary of State",
    "Under Secretary of State",
    "Under Secretary of State for Political Affairs",
    "Assistant Secretary of State for Far Eastern Affairs",
    "Deputy Assistant Secretary of State for Far Eastern Affairs",
    "Assistant Secretary of State for European Affairs",
    "Assistant Secretary of State for Public Affairs",
    "Director of the Vietnam Working Group, Bureau of Far Eastern Affairs, Department of State",
    "Legal Adviser of the Department of State",
    "Secretary of Defense",
    "Deputy Secretary of Defense",
    "Assistant Secretary of Defense for International Security Affairs",
    "Chairman of the Joint Chiefs of Staff",
    "Chief of Staff, U.S. Army",
    "Commander in Chief, Pacific",
    "Commander, U.S. Military Assistance Command, Vietnam",
    "Director of Central Intelligence",
    "Deputy Director for Plans, Central Intelligence Agency",
    "President of the United States",
    "Vice President of the United States",
    "Special Assistant to the President",
    "President's Special Assistant for National Security Affairs",
    "member of the National Security Council staff",
    "Press Secretary to the President",
    "Ambassador to the Republic of Vietnam",
    "Deputy Ambassador to the Republic of Vietnam",
    "Minister-Counselor of the Embassy in Saigon",
    "Ambassador to the Soviet Union",
    "Ambassador to France",
    "Ambassador to the United Kingdom",
    "Ambassador to Japan",
    "Ambassador to Laos",
    "Ambassador to Thailand",
    "Ambassador to Poland",
    "Ambassador at Large",
    "Representative to the United Nations",
    "Secretary-General of the United Nations",
    "Democratic Senator from Montana; Senate Majority Leader",
    "Democratic Senator from Arkansas; Chairman, Senate Foreign Relations Committee",
    "Republican Senator from Illinois; Senate Minority Leader",
    "Soviet Foreign Minister",
    "Chairman of the Council of Ministers of the Soviet Union",
    "Soviet Ambassador to the United States",
    "Counselor of the Soviet Embassy in Washington",
    "British Prime Minister",
    "British Foreign Secretary",
    "French Foreign Minister",
    "Italian Foreign Minister",
    "Japanese Prime Minister",
    "Prime Minister of India",
    "Prime Minister of Laos",
    "Chief of State of Cambodia",
    "Prime Minister of the Republic of Vietnam",
    "Chairman of the National Leadership Committee, Republic of Vietnam",
    "Foreign Minister of the Republic of Vietnam",
    "Commander in Chief of the Armed Forces of the Republic of Vietnam",
    "Associate Editor, New York Times",
    "columnist, Washington Post",
    "Director of the Agency for International Development",
    "Director of the United States Information Agency",
];

/// (abbreviation, expansion); the first CORE_TERMS are in every volume.
const TERMS: &[(&str, &str)] = &[
    ("VC", "Viet Cong"),
    ("POL", "petroleum, oil, lubricants"),
    ("NVN", "North Vietnam"),
    ("SVN", "South Vietnam"),
    ("GVN", "Government of Vietnam (South Vietnam)"),
    ("DRV", "Democratic Republic of Vietnam (North Vietnam)"),
    ("UN", "United Nations"),
    ("SEA", "Southeast Asia"),
    ("AID", "Agency for International Development"),
    ("ARVN", "Army of the Republic of Vietnam"),
    ("ChiCom", "Chinese Communist"),
    ("ChiNat", "Chinese Nationalist"),
    ("CIA", "Central Intelligence Agency"),
    ("CINCPAC", "Commander in Chief, Pacific"),
    (
        "COMUSMACV",
        "Commander, U.S. Military Assistance Command, Vietnam",
    ),
    ("CPR", "Chinese People's Republic"),
    ("DCI", "Director of Central Intelligence"),
    ("DCM", "Deputy Chief of Mission"),
    ("DMZ", "demilitarized zone"),
    ("DOD", "Department of Defense"),
    ("Embtel", "Embassy telegram"),
    ("Deptel", "Department of State telegram"),
    ("Exdis", "exclusive distribution"),
    ("FE", "Bureau of Far Eastern Affairs, Department of State"),
    ("FY", "fiscal year"),
    ("GOJ", "Government of Japan"),
    (
        "GVN-USG",
        "Government of Vietnam and United States Government",
    ),
    ("ICC", "International Control Commission"),
    (
        "INR",
        "Bureau of Intelligence and Research, Department of State",
    ),
    (
        "ISA",
        "Office of International Security Affairs, Department of Defense",
    ),
    ("JCS", "Joint Chiefs of Staff"),
    ("JCSM", "Joint Chiefs of Staff Memorandum"),
    ("JGS", "Joint General Staff (South Vietnam)"),
    ("JUSPAO", "Joint United States Public Affairs Office"),
    ("LOC", "lines of communication"),
    ("MAAG", "Military Assistance Advisory Group"),
    ("MACV", "Military Assistance Command, Vietnam"),
    ("MAP", "Military Assistance Program"),
    ("MIG", "Soviet-built fighter aircraft"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("NIE", "National Intelligence Estimate"),
    ("NLF", "National Liberation Front"),
    ("Nodis", "no distribution (beyond recipient)"),
    ("NSAM", "National Security Action Memorandum"),
    ("NSC", "National Security Council"),
    ("OSD", "Office of the Secretary of Defense"),
    ("PAVN", "People's Army of (North) Vietnam"),
    ("PL", "Pathet Lao"),
    ("RLG", "Royal Lao Government"),
    ("ROK", "Republic of Korea"),
    ("RVN", "Republic of Vietnam"),
    ("RVNAF", "Republic of Vietnam Armed Forces"),
    ("SAC", "Strategic Air Command"),
    ("SAM", "surface-to-air missile"),
    ("SEATO", "Southeast Asia Treaty Organization"),
    ("SNIE", "Special National Intelligence Estimate"),
    ("USG", "United States Government"),
    ("USIA", "United States Information Agency"),
    ("USIS", "United States Information Service"),
    ("USUN", "Mission to the United Nations"),
    ("VN", "Vietnam"),
    ("VNAF", "Vietnamese Air Force"),
    ("WH", "White House"),
];
const CORE_TERMS: usize = 8;

struct Person {
    id: String,
    surname: &'static str,
    given: &'static str,
    jr: bool,
    ident: String,
}

impl Person {
    fn full_name(&self) -> String {
        format!("{} {}", self.given, self.surname)
    }
}

fn initial(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_uppercase())
}

fn make_persons(rng: &mut Rng, years: (u32, u32)) -> Vec<Person> {
    let mut seen_names: Vec<(usize, usize)> = Vec::new();
    let mut id_counts: HashMap<String, u32> = HashMap::new();
    let mut persons = Vec::with_capacity(PERSONS_PER_VOLUME);
    while persons.len() < PERSONS_PER_VOLUME {
        let si = rng.below(SURNAMES.len());
        let gi = rng.below(GIVEN.len());
        if seen_names.contains(&(si, gi)) {
            continue;
        }
        seen_names.push((si, gi));
        let surname = SURNAMES[si];
        let given = GIVEN[gi];
        let jr = rng.chance(6);
        let mut base = String::new();
        base.extend(initial(surname));
        for w in given.split(' ') {
            base.extend(initial(w));
        }
        if jr {
            base.push('J');
        }
        let count = id_counts.entry(base.clone()).or_insert(0);
        *count += 1;
        let id = format!("{}{}", base, count);
        let mut ident = rng.pick(ROLES).to_string();
        if rng.chance(25) {
            let year = rng.range(years.0 as usize, years.1 as usize);
            let month = MONTHS[rng.below(12)];
            if rng.chance(60) {
                let _ = write!(
                    ident,
                    " until {} {}; thereafter {}",
                    month,
                    year,
                    rng.pick(ROLES)
                );
            } else {
                let _ = write!(ident, " from {} {}", month, year);
            }
        }
        persons.push(Person {
            id,
            surname,
            given,
            jr,
            ident,
        });
    }
    persons
}

// ----- text building ------------------------------------------------------------

/// Appends `chunks` (space-separated, each unbreakable) to `out` as lines of
/// at most WRAP characters; the first line starts with `first`, the others
/// with `cont`. Ends with a newline.
fn wrap_into(out: &mut String, first: &str, cont: &str, chunks: &[String]) {
    out.push_str(first);
    let mut col = first.chars().count();
    let mut at_start = true;
    for c in chunks {
        let w = c.chars().count();
        if !at_start && col + 1 + w > WRAP {
            out.push('\n');
            out.push_str(cont);
            col = cont.chars().count();
            at_start = true;
        }
        if !at_start {
            out.push(' ');
            col += 1;
        }
        out.push_str(c);
        col += w;
        at_start = false;
    }
    out.push('\n');
}

fn push_words(chunks: &mut Vec<String>, s: &str) {
    chunks.extend(s.split(' ').filter(|w| !w.is_empty()).map(str::to_string));
}

fn capitalize_first(chunks: &mut [String]) {
    if let Some(first) = chunks.first_mut() {
        if let Some(c) = first.chars().next() {
            if c.is_ascii_lowercase() {
                let upper = c.to_ascii_uppercase().to_string() + &first[1..];
                *first = upper;
            }
        }
    }
}

fn end_sentence(chunks: &mut [String], punct: char) {
    if let Some(last) = chunks.last_mut() {
        if !(punct == '.' && last.ends_with('.')) {
            last.push(punct);
        }
    }
}

fn chunks_len(chunks: &[String]) -> usize {
    chunks.iter().map(|c| c.len() + 1).sum()
}

const OPENERS: &[&str] = &[
    "However,",
    "In addition,",
    "At the same time,",
    "As a result,",
    "On the other hand,",
    "In his view,",
    "For the moment,",
    "Meanwhile,",
    "In any event,",
    "Nevertheless,",
    "Moreover,",
    "Accordingly,",
    "In this connection,",
    "At the meeting,",
    "Later that day,",
    "In short,",
];

const SUBJECTS: &[&str] = &[
    "the Secretary",
    "the Ambassador",
    "the President",
    "the Government",
    "Hanoi",
    "Peking",
    "Moscow",
    "the Soviet Embassy",
    "the mission",
    "our allies",
    "the Prime Minister",
    "the Foreign Minister",
    "the Department",
    "the Joint Chiefs",
    "the Embassy",
    "the British",
    "the French",
    "the Chinese",
    "the Japanese",
    "Congress",
    "the press",
    "the military command",
    "the working group",
    "we",
    "the other side",
    "the generals",
    "the Buddhist leadership",
    "the National Assembly",
];

const SAYS: &[&str] = &[
    "said that",
    "believed that",
    "pointed out that",
    "emphasized that",
    "agreed that",
    "noted that",
    "suggested that",
    "felt that",
    "expressed concern that",
    "was convinced that",
    "stated that",
    "reported that",
    "recalled that",
    "insisted that",
    "indicated that",
    "doubted that",
    "assumed that",
    "observed that",
    "warned that",
    "hoped that",
];

const MODALS: &[&str] = &[
    "would",
    "could",
    "should",
    "might",
    "will",
    "must",
    "would not",
    "could not",
    "should not",
    "seemed ready to",
    "appeared unlikely to",
    "had decided to",
    "intended to",
    "had agreed to",
];

const VERBS: &[&str] = &[
    "support",
    "accept",
    "consider",
    "review",
    "discuss",
    "oppose",
    "raise",
    "press for",
    "welcome",
    "reject",
    "examine",
    "postpone",
    "insist on",
    "take up",
    "study",
    "explore",
    "endorse",
    "resist",
    "announce",
    "clarify",
    "reconsider",
    "delay",
    "expand",
    "limit",
    "approve",
];

const OBJECTS: &[&str] = &[
    "a negotiated settlement",
    "the bombing pause",
    "further military pressure",
    "the proposed program",
    "an early conference",
    "the question of recognition",
    "the economic aid program",
    "these proposals",
    "the next steps",
    "a cease-fire",
    "the political situation",
    "the draft resolution",
    "the pacification effort",
    "the rice harvest",
    "the fourteen points",
    "the reconnaissance flights",
    "the deployment of additional battalions",
    "the question of prisoners",
    "a public statement",
    "the Geneva Accords",
    "the elections",
    "the refugee problem",
    "the port facilities",
    "the supply routes",
    "an exchange of views",
    "the infiltration from the north",
    "the air strikes",
    "the budget request",
    "the land reform program",
    "the troop ceiling",
    "the communiqué",
    "a private channel",
    "the constitution",
    "the security of the cities",
];

const PREPS: &[&str] = &[
    "in the near future",
    "at the present time",
    "without prior consultation",
    "before the end of the year",
    "in Saigon",
    "during the pause",
    "with the other governments concerned",
    "under the present circumstances",
    "through diplomatic channels",
    "as soon as possible",
    "at the conference",
    "on this point",
    "within the next few weeks",
    "in the provinces",
    "at the highest level",
    "for the time being",
    "after the holidays",
    "in the Security Council",
    "in some form",
    "on a reciprocal basis",
    "in Paris and Rome",
    "along the border",
    "by the end of the month",
    "in close consultation with Saigon",
];

const ADJECTIVES: &[&str] = &[
    "serious",
    "encouraging",
    "difficult",
    "uncertain",
    "constructive",
    "unfortunate",
    "premature",
    "essential",
    "useful",
    "dangerous",
    "modest",
    "considerable",
    "limited",
    "urgent",
    "favorable",
];

const EDITORIAL: &[&str] = &[
    "[…]",
    "[text not declassified]",
    "[less than 1 line not declassified]",
    "[1 paragraph (3 lines) not declassified]",
    "[name not declassified]",
    "[sic]",
];

const PRESS: &[&str] = &[
    "the *New York Times*",
    "the *Washington Post*",
    "*Time* magazine",
    "*Le Monde*",
    "the *Baltimore Sun*",
];

// ----- one volume -----------------------------------------------------------------

struct VolumeGen<'a> {
    spec: &'a Spec,
    metas: &'a [VolumeMeta],
    vi: usize,
    persons: Vec<Person>,
    /// Order in which persons are popular (index into persons).
    popularity: Vec<usize>,
    /// Indices into TERMS.
    terms: Vec<usize>,
    term_popularity: Vec<usize>,
}

/// Archival citations (without the final full stop) per series; each is used
/// by many documents, so every component is "known" to the checker.
fn citations(first_year: u32) -> &'static [&'static str] {
    match first_year {
        1964 => &[
            "National Archives and Records Administration, RG 59, Central Files 1964–66, POL 27 VIET S",
            "National Archives and Records Administration, RG 59, Central Files 1967–69, POL 27 VIET S",
            "Johnson Library, National Security File, Country File, Vietnam, Vol. XLIII",
            "Johnson Library, National Security File, Memos to the President, McGeorge Bundy, Vol. XVII",
            "Johnson Library, National Security File, Files of Walt W. Rostow, Meetings with the President",
            "Library of Congress, Manuscript Division, Harriman Papers, Secretary Rusk, 1963-1966",
            "Washington National Records Center, RG 330, OSD Files: FRC 70 A 1265, Vietnam 381",
        ],
        1961 => &[
            "National Archives and Records Administration, RG 59, Central Files, 751K.00/1-2562",
            "National Archives and Records Administration, RG 59, Central Files, 611.51K/3-1162",
            "Kennedy Library, National Security Files, Countries Series, Vietnam, General",
            "Kennedy Library, President's Office Files, Staff Memoranda, Bundy",
            "Department of State, Conference Files: Lot 65 D 533, CF 2015",
            "Library of Congress, Manuscript Division, Harriman Papers, Subject Files",
        ],
        1969 => &[
            "National Archives, Nixon Presidential Materials, NSC Files, Box 138, Vietnam Country Files",
            "National Archives, Nixon Presidential Materials, NSC Files, Box 1010, Presidential/HAK MemCons",
            "National Archives and Records Administration, RG 59, Central Files 1970–73, POL 27 VIET S",
            "National Archives and Records Administration, RG 59, Central Files 1967–69, POL 27 VIET S",
            "Library of Congress, Manuscript Division, Kissinger Papers, Box CL 277, Memoranda to the President",
            "Washington National Records Center, RG 330, OSD Files: FRC 330 75 0089, Viet 381",
        ],
        1955 => &[
            "National Archives and Records Administration, RG 59, Central Files, 751G.00/1-2055",
            "National Archives and Records Administration, RG 59, Central Files, 611.51G/5-1856",
            "Eisenhower Library, Whitman File, NSC Records",
            "Eisenhower Library, Dulles Papers, Meetings with the President",
            "Department of State, Conference Files: Lot 60 D 627, CF 418",
            "Department of State, S/P–NSC Files: Lot 62 D 1, Indochina",
        ],
        _ => &[
            "National Archives and Records Administration, RG 59, Central Foreign Policy File, P840140-1877",
            "Carter Library, National Security Affairs, Brzezinski Material, Country File, Box 45",
            "Carter Library, National Security Council, Institutional Files, Box 56",
            "Washington National Records Center, OSD Files: FRC 330-80-0017, Box 65",
            "National Archives and Records Administration, RG 59, Office of the Secretariat Staff, Records of Cyrus Vance, Lot 84 D 241",
        ],
    }
}

const CLASSIFICATIONS: &[&str] = &[
    "Secret; Immediate.",
    "Secret; Priority.",
    "Secret; Nodis.",
    "Top Secret; Nodis.",
    "Secret; Exdis.",
    "Confidential.",
    "Top Secret; Sensitive.",
    "No classification marking.",
    "Secret; Limdis.",
    "Confidential; Priority.",
    "Secret.",
    "Top Secret.",
];

/// (country, capital) for embassies.
const POSTS: &[(&str, &str)] = &[
    ("Vietnam", "Saigon"),
    ("France", "Paris"),
    ("the Soviet Union", "Moscow"),
    ("the United Kingdom", "London"),
    ("Japan", "Tokyo"),
    ("Thailand", "Bangkok"),
    ("Laos", "Vientiane"),
    ("India", "New Delhi"),
    ("Poland", "Warsaw"),
    ("Italy", "Rome"),
    ("Cambodia", "Phnom Penh"),
    ("Canada", "Ottawa"),
];

const OFFICES: &[&str] = &[
    "the President's Special Assistant for National Security Affairs",
    "the Assistant Secretary of State for Far Eastern Affairs",
    "the Director of Central Intelligence",
    "the Chairman of the Joint Chiefs of Staff",
    "the Under Secretary of State",
    "the Ambassador at Large",
    "the Secretary of Defense",
    "the Deputy Secretary of Defense",
    "the President's Special Assistant",
    "the Director of the Bureau of Intelligence and Research",
    "the Legal Adviser",
];

impl<'a> VolumeGen<'a> {
    fn new(spec: &'a Spec, metas: &'a [VolumeMeta], vi: usize) -> VolumeGen<'a> {
        let slot = metas[vi].slot;
        let mut rng = Rng::derive(spec.seed, vi as u64 + 1, u64::MAX);
        let mut persons = make_persons(&mut rng, (slot.first, slot.last));
        persons.sort_by(|a, b| (a.surname, a.given).cmp(&(b.surname, b.given)));
        let mut popularity: Vec<usize> = (0..persons.len()).collect();
        rng.shuffle(&mut popularity);
        let mut extra: Vec<usize> = (CORE_TERMS..TERMS.len()).collect();
        rng.shuffle(&mut extra);
        let mut terms: Vec<usize> = (0..CORE_TERMS).collect();
        terms.extend(extra.into_iter().take(TERMS_PER_VOLUME - CORE_TERMS));
        let mut term_popularity = terms.clone();
        rng.shuffle(&mut term_popularity[CORE_TERMS..]);
        terms.sort_by(|&a, &b| {
            TERMS[a]
                .0
                .to_ascii_lowercase()
                .cmp(&TERMS[b].0.to_ascii_lowercase())
        });
        VolumeGen {
            spec,
            metas,
            vi,
            persons,
            popularity,
            terms,
            term_popularity,
        }
    }

    fn meta(&self) -> &VolumeMeta {
        &self.metas[self.vi]
    }

    fn n_docs(&self) -> usize {
        self.spec.documents_per_volume
    }

    // ----- volume, persons, terms -----

    fn volume_file(&self) -> String {
        let meta = self.meta();
        let slot = meta.slot;
        let mut rng = Rng::derive(self.spec.seed, self.vi as u64 + 1, u64::MAX - 1);
        let mut s = String::new();
        let _ = write!(
            s,
            "# Foreign Relations of the United States, {}–{}, Volume {}",
            slot.first,
            slot.last,
            roman(slot.number)
        );
        if let Some(p) = slot.part {
            let _ = write!(s, ", Part {}", p);
        }
        let _ = writeln!(s, ", {}", meta.subtitle);
        let _ = writeln!(s, "Volume: {}", meta.id);
        let editors: Vec<String> = (0..rng.range(2, 4))
            .map(|_| format!("{} {}", rng.pick(GIVEN), rng.pick(SURNAMES)))
            .collect();
        let _ = writeln!(s, "Editors: {}", editors.join("; "));
        s.push('\n');
        let mut chunks = Vec::new();
        push_words(
            &mut chunks,
            &format!(
                "This volume documents United States policy on {} from {} to {}. It holds {} documents.",
                meta.topic,
                date_text(meta.doc_days[0]),
                date_text(*meta.doc_days.last().unwrap()),
                self.n_docs()
            ),
        );
        let mut doc = DocGen::new(self, rng, 0);
        for _ in 0..4 {
            let sentence = doc.sentence(false);
            chunks.extend(sentence);
        }
        wrap_into(&mut s, "", "", &chunks);
        s
    }

    fn persons_file(&self) -> String {
        let mut s = String::from("# Persons\n\n");
        for p in &self.persons {
            let mut chunks = Vec::new();
            let mut name = format!("**{}, {}", p.surname, p.given);
            if p.jr {
                name.push_str(", Jr.");
            }
            name.push_str("**,");
            chunks.push(name);
            push_words(&mut chunks, &p.ident);
            wrap_into(&mut s, &format!("[@{}]: ", p.id), "    ", &chunks);
        }
        // A few FRUS "see" entries: an ordinary list in the register division.
        let see: Vec<&Person> = self
            .persons
            .iter()
            .filter(|p| p.given.contains(' ') && !p.given.contains('.'))
            .take(4)
            .collect();
        if !see.is_empty() {
            s.push('\n');
            for p in see {
                let _ = writeln!(
                    s,
                    "- **{}**, see [{}]{{@{}}}",
                    p.full_name(),
                    p.surname,
                    p.id
                );
            }
        }
        s
    }

    fn terms_file(&self) -> String {
        let mut s = String::from("# Abbreviations and Terms\n\n");
        for &t in &self.terms {
            let _ = writeln!(s, "[={}]: {}", TERMS[t].0, TERMS[t].1);
        }
        s
    }

    // ----- documents -----

    fn document(&self, n: usize) -> String {
        let rng = Rng::derive(self.spec.seed, self.vi as u64 + 1, n as u64);
        let mut doc = DocGen::new(self, rng, n);
        doc.build()
    }
}

/// Builds one document (or the prose of volume.emd, with n = 0).
struct DocGen<'v, 'a> {
    vol: &'v VolumeGen<'a>,
    rng: Rng,
    n: usize,
    n_footnotes: usize,
    /// Next footnote to reference from the body (2..=n_footnotes).
    next_fn: usize,
    /// Body size at which footnote k is referenced (index k).
    fn_at: Vec<usize>,
    body_bytes: usize,
    /// Chunks of the last sentence before its reference tail.
    plain_len: usize,
}

impl<'v, 'a> DocGen<'v, 'a> {
    fn new(vol: &'v VolumeGen<'a>, mut rng: Rng, n: usize) -> DocGen<'v, 'a> {
        let n_footnotes = rng.range(MIN_FOOTNOTES, MAX_FOOTNOTES);
        DocGen {
            vol,
            rng,
            n,
            n_footnotes,
            next_fn: usize::MAX,
            fn_at: Vec::new(),
            body_bytes: 0,
            plain_len: 0,
        }
    }

    fn n_docs(&self) -> usize {
        self.vol.n_docs()
    }

    fn person(&mut self) -> usize {
        let k = self.rng.skewed(self.vol.popularity.len());
        self.vol.popularity[k]
    }

    fn person_mention(&mut self) -> String {
        let p = &self.vol.persons[self.person()];
        if self.rng.chance(75) {
            format!("[{}]{{@{}}}", p.surname, p.id)
        } else {
            format!("[{}]{{@{}}}", p.full_name(), p.id)
        }
    }

    fn term_mention(&mut self) -> String {
        let k = self.rng.skewed(self.vol.term_popularity.len());
        let t = TERMS[self.vol.term_popularity[k]].0;
        format!("[{}]{{={}}}", t, t)
    }

    /// Some document of this volume, near this one more often than not.
    fn doc_number(&mut self) -> usize {
        let total = self.n_docs();
        if self.n > 0 && self.rng.chance(70) {
            let lo = self.n.saturating_sub(40).max(1);
            let hi = (self.n + 10).min(total);
            self.rng.range(lo, hi)
        } else {
            self.rng.range(1, total)
        }
    }

    /// Another volume of the workspace and a document of it.
    fn other_volume(&mut self) -> Option<(usize, usize)> {
        let vols = self.vol.metas.len();
        if vols < 2 {
            return None;
        }
        let mut v = self.rng.below(vols - 1);
        if v >= self.vol.vi {
            v += 1;
        }
        Some((v, self.rng.range(1, self.n_docs())))
    }

    /// "Foreign Relations, 1964–1968, vol. II, Document 35" (sometimes with
    /// the volume's subtitle), or a reference within the volume when the
    /// workspace has one volume.
    fn cross_volume_ref(&mut self) -> String {
        match self.other_volume() {
            Some((v, d)) => {
                let meta = &self.vol.metas[v];
                if self.rng.chance(30) {
                    format!(
                        "{}, {}, Document {}",
                        meta.slot.citation(),
                        meta.subtitle,
                        d
                    )
                } else {
                    format!("{}, Document {}", meta.slot.citation(), d)
                }
            }
            None => format!("Document {}", self.doc_number()),
        }
    }

    /// A natural or explicit reference as words (the natural ones may be
    /// wrapped between their words).
    fn reference(&mut self, chunks: &mut Vec<String>, in_body: bool) {
        let total = self.n_docs();
        match self.rng.below(100) {
            0..=39 => {
                let d = self.doc_number();
                push_words(chunks, &format!("Document {}", d));
            }
            40..=51 if total >= 3 => {
                let a = self.rng.range(1, total - 2);
                let text = match self.rng.below(3) {
                    0 => format!("Documents {} and {}", a, self.rng.range(a + 1, total)),
                    1 => {
                        let b = self.rng.range(a + 1, total - 1);
                        let c = self.rng.range(b + 1, total);
                        format!("Documents {}, {}, and {}", a, b, c)
                    }
                    _ => format!(
                        "Documents {}–{}",
                        a,
                        self.rng.range(a + 1, (a + 4).min(total))
                    ),
                };
                push_words(chunks, &text);
            }
            52..=63 => {
                let m = self.rng.range(1, MIN_FOOTNOTES);
                let d = self.doc_number();
                let joiner = if self.rng.chance(70) { "," } else { " to" };
                push_words(chunks, &format!("footnote {}{} Document {}", m, joiner, d));
            }
            64..=71 if self.n > 0 && in_body => {
                let m = self.rng.range(1, self.n_footnotes);
                push_words(chunks, &format!("footnote {} above", m));
            }
            72..=87 => {
                let text = self.cross_volume_ref();
                push_words(chunks, &text);
            }
            88..=93 => {
                let d = self.doc_number();
                let text = *self.rng.pick(&[
                    "the telegram",
                    "the memorandum",
                    "this exchange",
                    "the earlier report",
                ]);
                let sp = text.rfind(' ').unwrap();
                push_words(chunks, &text[..sp]);
                chunks.push(format!("[{}](#d{})", &text[sp + 1..], d));
            }
            94..=96 => {
                let d = self.doc_number();
                let m = self.rng.range(1, MIN_FOOTNOTES);
                push_words(chunks, "the note");
                chunks.push(format!("[above](#d{}fn{})", d, m));
            }
            _ => match self.other_volume() {
                Some((v, d)) => {
                    let slot = self.vol.metas[v].slot;
                    push_words(chunks, "the record printed in");
                    chunks.push(format!(
                        "[vol. {}]({}#d{})",
                        roman(slot.number),
                        self.vol.metas[v].id,
                        d
                    ));
                }
                None => push_words(chunks, &format!("Document {}", self.doc_number())),
            },
        }
    }

    /// One sentence as chunks, ending in a full stop. `refs`: may contain
    /// references to documents and footnotes.
    fn sentence(&mut self, refs: bool) -> Vec<String> {
        let mut c: Vec<String> = Vec::new();
        let r = &mut self.rng;
        if r.chance(18) {
            push_words(&mut c, r.w(OPENERS));
        }
        let form = self.rng.below(100);
        match form {
            0..=54 => {
                self.subject(&mut c);
                push_words(&mut c, self.rng.w(SAYS));
                self.clause(&mut c);
            }
            55..=66 => {
                let lead = *self.rng.pick(&[
                    "there was no indication that",
                    "it was agreed that",
                    "we have no evidence that",
                    "I told him that",
                    "he asked whether",
                    "it is not clear whether",
                    "there is some reason to believe that",
                    "I replied that",
                ]);
                push_words(&mut c, lead);
                self.clause(&mut c);
            }
            67..=76 => {
                push_words(&mut c, "the situation in");
                let place = *self.rng.pick(&[
                    "Saigon",
                    "the provinces",
                    "the north",
                    "Hue",
                    "Da Nang",
                    "the delta",
                    "Laos",
                ]);
                push_words(&mut c, place);
                push_words(&mut c, "remains");
                push_words(&mut c, self.rng.w(ADJECTIVES));
                if self.rng.chance(50) {
                    push_words(&mut c, ", and");
                    self.clause(&mut c);
                }
            }
            77..=86 => {
                push_words(&mut c, "the");
                push_words(
                    &mut c,
                    self.rng.w(&[
                        "report",
                        "cable",
                        "memorandum",
                        "estimate",
                        "paper",
                        "account",
                    ]),
                );
                push_words(&mut c, "from");
                if self.rng.chance(50) {
                    let m = self.person_mention();
                    c.push(m);
                } else {
                    push_words(
                        &mut c,
                        self.rng.w(&[
                            "the Embassy",
                            "Saigon",
                            "the mission",
                            "CINCPAC headquarters",
                            "London",
                        ]),
                    );
                }
                push_words(&mut c, "was");
                push_words(&mut c, self.rng.w(ADJECTIVES));
                push_words(&mut c, "and");
                push_words(
                    &mut c,
                    self.rng.w(&[
                        "deserves careful study",
                        "should be answered promptly",
                        "confirms our earlier view",
                        "raises several questions",
                    ]),
                );
            }
            _ => {
                push_words(&mut c, "we");
                push_words(&mut c, self.rng.w(MODALS));
                push_words(&mut c, self.rng.w(VERBS));
                push_words(&mut c, self.rng.w(OBJECTS));
                push_words(&mut c, "and");
                push_words(&mut c, self.rng.w(VERBS));
                push_words(&mut c, "the");
                push_words(
                    &mut c,
                    self.rng
                        .w(&["results", "reaction", "matter", "reply", "position"]),
                );
                push_words(&mut c, "with");
                let m = self.person_mention();
                c.push(m);
            }
        }
        // Fix ", and" pushed as a word of its own.
        let mut fixed: Vec<String> = Vec::with_capacity(c.len());
        for w in c {
            if w == "," {
                if let Some(last) = fixed.last_mut() {
                    last.push(',');
                    continue;
                }
            }
            fixed.push(w);
        }
        let mut c = fixed;
        if self.rng.chance(12) {
            push_words(&mut c, self.rng.w(PREPS));
        }
        if self.rng.chance(4) {
            let e = self.rng.pick(EDITORIAL).to_string();
            let at = if self.rng.chance(50) {
                c.len()
            } else {
                self.rng.range(1, c.len())
            };
            c.insert(at, e);
        }
        // Chunks before this index may be split by a page break.
        self.plain_len = c.len();
        if refs && self.rng.chance(12) {
            let how = *self.rng.pick(&[
                ", as reported in",
                ", according to",
                "(see",
                ", a point made in",
                ", as discussed in",
            ]);
            if how == "(see" {
                c.push("(see".to_string());
                self.reference(&mut c, true);
                c.last_mut().unwrap().push(')');
            } else {
                c.last_mut().unwrap().push(',');
                push_words(&mut c, &how[2..]);
                self.reference(&mut c, true);
            }
        }
        if self.rng.chance(3) {
            let p = self.rng.w(PRESS);
            let (article, paper) = match p.strip_prefix("the ") {
                Some(rest) => ("according to the", rest),
                None => ("according to", p),
            };
            push_words(&mut c, article);
            c.push(paper.to_string());
        }
        capitalize_first(&mut c);
        end_sentence(&mut c, '.');
        if self.rng.chance(5) {
            // A quoted remark.
            let q = self.rng.pick(&[
                "“We have walked the last mile.”",
                "“Don't let them talk you out of it.”",
                "“That would not achieve the purpose.”",
                "“It is worth the old college try.”",
            ]);
            push_words(&mut c, "He added:");
            push_words(&mut c, q);
        }
        self.body_bytes += chunks_len(&c);
        c
    }

    fn subject(&mut self, c: &mut Vec<String>) {
        match self.rng.below(100) {
            0..=29 => {
                let m = self.person_mention();
                if self.rng.chance(30) {
                    push_words(
                        c,
                        self.rng.w(&[
                            "Ambassador",
                            "Secretary",
                            "Mr.",
                            "General",
                            "Minister",
                            "Senator",
                        ]),
                    );
                }
                c.push(m);
            }
            30..=39 => {
                push_words(c, "the");
                let t = self.term_mention();
                c.push(t);
            }
            _ => push_words(c, self.rng.w(SUBJECTS)),
        }
    }

    fn clause(&mut self, c: &mut Vec<String>) {
        if self.rng.chance(20) {
            push_words(c, "the");
            let t = self.term_mention();
            c.push(t);
        } else {
            push_words(c, self.rng.w(SUBJECTS));
        }
        push_words(c, self.rng.w(MODALS));
        push_words(c, self.rng.w(VERBS));
        push_words(c, self.rng.w(OBJECTS));
        if self.rng.chance(55) {
            push_words(c, self.rng.w(PREPS));
        }
        if self.rng.chance(12) {
            push_words(c, "in view of");
            push_words(c, self.rng.w(OBJECTS));
        }
    }

    /// A body sentence; attaches the next footnote reference when its turn
    /// has come.
    fn body_sentence(&mut self, page: &mut Option<u32>) -> Vec<String> {
        let mut c = self.sentence(true);
        if let Some(p) = page.take() {
            let at = self.rng.range(1, self.plain_len.clamp(1, c.len()));
            c.insert(at, format!("[Page {}]", p));
        }
        if self.next_fn <= self.n_footnotes && self.body_bytes >= self.fn_at[self.next_fn] {
            let _ = write!(c.last_mut().unwrap(), "[^{}]", self.next_fn);
            self.next_fn += 1;
        }
        c
    }

    fn paragraph_chunks(&mut self, page: &mut Option<u32>) -> Vec<String> {
        let k = self.rng.range(2, 6);
        let mut c = Vec::new();
        for _ in 0..k {
            let s = self.body_sentence(page);
            c.extend(s);
        }
        c
    }

    fn dateline(&mut self, day: i64, place: Option<&'static str>) -> String {
        let mut s = String::new();
        let place = match place {
            Some(p) => Some(p),
            None => match self.rng.below(10) {
                0..=5 => Some("Washington"),
                6 => None,
                _ => Some(self.rng.pick(POSTS).1),
            },
        };
        if let Some(p) = place {
            s.push_str(p);
            s.push_str(", ");
        }
        s.push_str(&date_text(day));
        if self.rng.chance(35) {
            let h = self.rng.range(1, 12);
            let ampm = if self.rng.chance(50) { "a.m." } else { "p.m." };
            if self.rng.chance(50) {
                let _ = write!(s, ", {} {}", h, ampm);
            } else {
                let _ = write!(s, ", {}:{:02} {}", h, self.rng.below(4) * 15, ampm);
            }
        } else {
            s.push('.');
        }
        s
    }

    fn person_with_office(&mut self) -> String {
        let m = self.person_mention();
        match self.rng.below(3) {
            0 => format!("President {}", m),
            1 => format!("Secretary of State {}", m),
            _ => format!("{} ({})", self.rng.pick(OFFICES), m),
        }
    }

    /// (title, dateline place override, is telegram)
    fn title(&mut self) -> (String, Option<&'static str>, bool) {
        match self.rng.below(100) {
            0..=24 => {
                let &(country, city) = self.rng.pick(POSTS);
                (
                    format!(
                        "Telegram From the Embassy in {} to the Department of State",
                        country
                    ),
                    Some(city),
                    true,
                )
            }
            25..=39 => {
                let &(country, _) = self.rng.pick(POSTS);
                (
                    format!(
                        "Telegram From the Department of State to the Embassy in {}",
                        country
                    ),
                    Some("Washington"),
                    true,
                )
            }
            40..=62 => {
                let from = self.person_with_office();
                let to = self.person_with_office();
                let kind = *self.rng.pick(&[
                    "Memorandum",
                    "Memorandum",
                    "Action Memorandum",
                    "Information Memorandum",
                ]);
                (format!("{} From {} to {}", kind, from, to), None, false)
            }
            63..=74 => (
                "Memorandum of Conversation".to_string(),
                Some("Washington"),
                false,
            ),
            75..=81 => ("Memorandum for the Record".to_string(), None, false),
            82..=87 => {
                let a = self.person_with_office();
                let b = self.person_with_office();
                (
                    format!("Notes of Telephone Conversation Between {} and {}", a, b),
                    None,
                    false,
                )
            }
            88..=92 => {
                let a = self.person_mention();
                let b = self.person_mention();
                (
                    format!("Letter From President {} to Prime Minister {}", a, b),
                    Some("Washington"),
                    false,
                )
            }
            93..=96 => ("Notes of Meeting".to_string(), Some("Washington"), false),
            _ => {
                let office = *self.rng.pick(&[
                    "the Department of State",
                    "the Central Intelligence Agency",
                    "the Policy Planning Council",
                    "the Department of Defense",
                ]);
                (format!("Paper Prepared in {}", office), None, false)
            }
        }
    }

    fn source_note(&mut self, telegram: bool) -> Vec<String> {
        let slot = self.vol.meta().slot;
        let cits = citations(slot.first);
        let mut c = Vec::new();
        c.push("Source:".to_string());
        push_words(&mut c, &format!("{}.", self.rng.pick(cits)));
        push_words(&mut c, self.rng.w(CLASSIFICATIONS));
        if self.rng.chance(55) {
            let a = self.person_mention();
            push_words(&mut c, "Drafted by");
            if self.rng.chance(50) {
                c.push(a);
                push_words(&mut c, "and approved by");
                let mut b = self.person_mention();
                b.push('.');
                c.push(b);
            } else {
                c.push(format!("{}.", a));
            }
        }
        if telegram && self.rng.chance(50) {
            let mut posts: Vec<&str> = Vec::new();
            for _ in 0..self.rng.range(1, 3) {
                let city = self.rng.pick(POSTS).1;
                if !posts.contains(&city) {
                    posts.push(city);
                }
            }
            push_words(&mut c, &format!("Repeated to {}.", posts.join(", ")));
            if self.rng.chance(40) {
                let t = self.term_mention();
                push_words(&mut c, "Also sent to");
                c.push(format!("{}.", t));
            }
        }
        if !telegram && self.rng.chance(25) {
            push_words(
                &mut c,
                "There is an indication on the source text that the President saw the memorandum.",
            );
        }
        c
    }

    fn footnote_text(&mut self, k: usize) -> (Vec<String>, Option<Vec<String>>) {
        let mut c = Vec::new();
        let mut second = None;
        match self.rng.below(100) {
            0..=29 => {
                push_words(&mut c, "See");
                self.reference(&mut c, false);
                end_sentence(&mut c, '.');
            }
            30..=39 => {
                let m = self.rng.range(1, MIN_FOOTNOTES);
                let d = self.doc_number();
                push_words(&mut c, &format!("See footnote {}, Document {}.", m, d));
            }
            40..=45 => {
                let mut m = self.rng.range(1, self.n_footnotes);
                if m == k {
                    m = if k > 1 { k - 1 } else { k + 1 };
                }
                push_words(&mut c, &format!("See footnote {}.", m));
            }
            46..=61 => match self.rng.below(3) {
                0 => push_words(&mut c, "Not printed."),
                1 => push_words(&mut c, "Not printed. (Ibid.)"),
                _ => {
                    let day =
                        self.vol.meta().doc_days[self.n.max(1) - 1] - self.rng.range(1, 20) as i64;
                    let (_, m, d) = civil_from_days(day);
                    push_words(&mut c, &format!("Dated {} {}, not printed. A copy is in Department of State, Central Files,", MONTHS[m as usize - 1], d));
                    c.push("[POL]{=POL}".to_string());
                    push_words(&mut c, "27 VIET S.");
                }
            },
            62..=75 => {
                let p = &self.vol.persons[self.person()];
                if self.rng.chance(50) {
                    c.push(format!("[{}]{{@{}}}.", p.full_name(), p.id));
                } else {
                    push_words(&mut c, "Reference is to");
                    c.push(format!("[{}]{{@{}}},", p.full_name(), p.id));
                    push_words(&mut c, &format!("{}.", p.ident));
                }
            }
            76..=85 => {
                push_words(&mut c, "Printed in");
                let text = self.cross_volume_ref();
                push_words(&mut c, &text);
                end_sentence(&mut c, '.');
            }
            86..=89 => {
                push_words(&mut c, "For text of the statement, see");
                c.push("*Public".to_string());
                push_words(&mut c, "Papers of the Presidents of the United States:");
                let p = self.person_mention();
                c.push(p + ",");
                let (y, _, _) = civil_from_days(self.vol.meta().doc_days[self.n.max(1) - 1]);
                let page = self.rng.range(20, 900);
                c.push(format!("{}*,", y));
                push_words(
                    &mut c,
                    &format!("Book II, pp. {}-{}.", page, page + self.rng.range(1, 4)),
                );
            }
            _ => {
                for _ in 0..self.rng.range(2, 4) {
                    let s = self.sentence(true);
                    c.extend(s);
                }
                if self.rng.chance(40) {
                    let mut p = Vec::new();
                    for _ in 0..self.rng.range(1, 3) {
                        let s = self.sentence(true);
                        p.extend(s);
                    }
                    second = Some(p);
                }
            }
        }
        (c, second)
    }

    fn build(&mut self) -> String {
        let vol = self.vol;
        let meta = vol.meta();
        let n = self.n;
        let day = meta.doc_days[n - 1];
        let target = self.rng.range(5700, 7500);

        // Heading and dateline.
        let (title, place, telegram) = self.title();
        let mut out = String::with_capacity(target + 1024);
        let _ = writeln!(out, "# {}. {}[^1]", n, title);
        let dateline = self.dateline(day, place);
        let _ = writeln!(out, "Dateline: {}", dateline);
        out.push('\n');

        // Footnotes first: their size decides how much body there is.
        let mut notes = String::new();
        let source = self.source_note(telegram);
        wrap_into(&mut notes, "[^1]: ", "    ", &source);
        for k in 2..=self.n_footnotes {
            let (first, second) = self.footnote_text(k);
            wrap_into(&mut notes, &format!("[^{}]: ", k), "    ", &first);
            if let Some(p) = second {
                notes.push('\n');
                wrap_into(&mut notes, "    ", "    ", &p);
            }
        }

        let body_target = target.saturating_sub(out.len() + notes.len()).max(800);
        self.body_bytes = 0;
        self.next_fn = 2;
        self.fn_at = vec![0; self.n_footnotes + 1];
        for k in 2..=self.n_footnotes {
            self.fn_at[k] = body_target * (k - 2) * 9 / (10 * (self.n_footnotes - 1))
                + self.rng.below(body_target / 20 + 1);
        }
        let mut page = meta.doc_pages[n - 1];
        let page_alone = self.rng.chance(35);
        let mut blocks: Vec<String> = Vec::new();

        // Openings by kind of document.
        if telegram {
            let mut c = vec![format!("{}.", self.rng.range(100, 3999))];
            let s = self.body_sentence(&mut None);
            c.extend(s);
            let mut b = String::new();
            wrap_into(&mut b, "", "", &c);
            blocks.push(b);
        } else if title.starts_with("Memorandum of Conversation") || self.rng.chance(10) {
            let mut b = String::from("SUBJECT\n");
            blocks.push(b.clone());
            b.clear();
            let mut c = Vec::new();
            push_words(&mut c, "Conversation with");
            let p = self.person_mention();
            c.push(p);
            push_words(&mut c, "on");
            push_words(&mut c, self.rng.w(OBJECTS));
            wrap_into(&mut b, "- ", "  ", &c);
            blocks.push(b);
            if self.rng.chance(60) {
                blocks.push("PARTICIPANTS\n".to_string());
                let mut b = String::new();
                for _ in 0..self.rng.range(2, 5) {
                    let p = self.person_mention();
                    let _ = writeln!(b, "- {}, {}", p, self.rng.pick(ROLES));
                }
                blocks.push(b);
            }
        }

        let sub_at = if self.rng.chance(8) {
            Some(body_target * 6 / 10)
        } else {
            None
        };
        let mut sub_done = false;
        while self.body_bytes < body_target {
            if let Some(at) = sub_at {
                if !sub_done && self.body_bytes >= at {
                    sub_done = true;
                    let name =
                        *self
                            .rng
                            .pick(&["Tab A", "Attachment", "Enclosure", "Tab B", "Annex"]);
                    let mut b = format!("## {}\n", name);
                    if self.rng.chance(60) {
                        let d = self.dateline(day, None);
                        let _ = writeln!(b, "Dateline: {}", d);
                    }
                    blocks.push(b);
                }
            }
            if page.is_some() && page_alone && self.body_bytes > body_target / 3 {
                blocks.push(format!("[Page {}]\n", page.take().unwrap()));
                continue;
            }
            let mut page_here =
                if page.is_some() && !page_alone && self.body_bytes > body_target / 3 {
                    page.take()
                } else {
                    None
                };
            let mut b = String::new();
            match self.rng.below(100) {
                0..=9 => {
                    // Labelled list.
                    let style = self.rng.below(3);
                    for i in 1..=self.rng.range(2, 4) {
                        let label = match style {
                            0 => format!("{}.", i),
                            1 => format!("({})", (b'a' + i as u8 - 1) as char),
                            _ => format!("({})", i),
                        };
                        let mut c = Vec::new();
                        for _ in 0..self.rng.range(1, 3) {
                            let s = self.body_sentence(&mut page_here);
                            c.extend(s);
                        }
                        wrap_into(&mut b, &format!("- {} ", label), "  ", &c);
                    }
                }
                10..=16 => {
                    // Block quote: no references, no footnotes.
                    let mut c = Vec::new();
                    for _ in 0..self.rng.range(1, 3) {
                        let s = self.sentence(false);
                        c.extend(s);
                    }
                    wrap_into(&mut b, "> ", "> ", &c);
                }
                _ => {
                    let c = self.paragraph_chunks(&mut page_here);
                    wrap_into(&mut b, "", "", &c);
                }
            }
            if page_here.is_some() {
                page = page_here;
            }
            blocks.push(b);
        }
        // Footnote references not placed yet (a short body).
        if self.next_fn <= self.n_footnotes || page.is_some() {
            let mut c = Vec::new();
            while self.next_fn <= self.n_footnotes || page.is_some() {
                self.body_bytes = usize::MAX / 2;
                let s = self.body_sentence(&mut page);
                c.extend(s);
            }
            let mut b = String::new();
            wrap_into(&mut b, "", "", &c);
            blocks.push(b);
        }
        if self.rng.chance(40) {
            let p = &vol.persons[self.person()];
            let closer = if self.rng.chance(40) {
                let mut initials = String::new();
                for w in p.given.split(' ').chain(std::iter::once(p.surname)) {
                    if let Some(ch) = initial(w) {
                        initials.push(ch);
                        initials.push('.');
                    }
                }
                initials
            } else {
                p.surname.to_string()
            };
            blocks.push(format!("**{}**\n", closer));
        }
        for b in &blocks {
            out.push_str(b);
            out.push('\n');
        }
        out.push_str(&notes);
        out
    }
}
