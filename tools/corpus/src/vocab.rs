//! The words the records are made of: place, actor and outlet names (Latin,
//! Cyrillic, Kazakh), tags, the built-in measures and groups the figures
//! use, and the templates of titles and sentences.

pub(crate) const COUNTRIES: [(&str, &str); 12] = [
    ("Kazakhstan", "Republic of Kazakhstan"),
    ("Kyrgyzstan", "Kyrgyz Republic"),
    ("Russia", "Russian Federation"),
    ("Uzbekistan", "Republic of Uzbekistan"),
    ("China", "People's Republic of China"),
    ("Belarus", "Republic of Belarus"),
    ("Armenia", "Republic of Armenia"),
    ("Tajikistan", "Republic of Tajikistan"),
    ("Turkmenistan", "Turkmenistan (state)"),
    ("Mongolia", "Mongolia (state)"),
    ("Georgia", "Georgia (state)"),
    ("Azerbaijan", "Republic of Azerbaijan"),
];

pub(crate) const KZ_REGIONS: [&str; 14] = [
    "Алматы облысы",
    "Mangystau Region",
    "Қарағанды облысы",
    "Жамбыл облысы",
    "Atyrau Region",
    "Түркістан облысы",
    "Ақтөбе облысы",
    "Қызылорда облысы",
    "East Kazakhstan Region",
    "Павлодар облысы",
    "Ақмола облысы",
    "Батыс Қазақстан облысы",
    "Қостанай облысы",
    "Солтүстік Қазақстан облысы",
];

pub(crate) const KZ_CITIES: [&str; 22] = [
    "Алматы",
    "Nur-Sultan",
    "Шымкент",
    "Ақтөбе",
    "Қарағанды",
    "Жаңаөзен",
    "Тараз",
    "Талдықорған",
    "Ақтау",
    "Атырау",
    "Қызылорда",
    "Өскемен",
    "Семей",
    "Павлодар",
    "Көкшетау",
    "Uralsk",
    "Kostanay",
    "Petropavl",
    "Türkistan",
    "Ekibastuz",
    "Қонаев",
    "Жезқазған",
];

pub(crate) const SYLLABLES_CYR: [&str; 24] = [
    "қа", "ра", "бұ", "лақ", "тө", "бе", "ас", "тан", "ке", "мер", "жар", "көл", "са", "ры", "ақ",
    "су", "ой", "бай", "ту", "ма", "ші", "ғұл", "ең", "өз",
];
pub(crate) const SYLLABLES_LAT: [&str; 20] = [
    "ka", "ra", "bu", "lak", "to", "be", "as", "tan", "ke", "mer", "zhar", "kol", "sa", "ry", "ak",
    "su", "oi", "bai", "tu", "ma",
];

pub(crate) const SITES: [&str; 12] = [
    "{c} city administration",
    "Republic Square, {c}",
    "{c} International Airport",
    "{c} TV tower",
    "Police Department No. {k}, {c}",
    "{c} central hospital",
    "{c} railway station",
    "Independence Monument, {c}",
    "{c} regional akimat",
    "ҰҚК building, {c}",
    "Detention centre No. {k}, {c}",
    "{c} central market",
];

pub(crate) const CYR_FIRST: [&str; 20] = [
    "Қасым-Жомарт",
    "Нұрсұлтан",
    "Кәрім",
    "Асқар",
    "Ерлан",
    "Мұхтар",
    "Айгүл",
    "Гүлнар",
    "Дәурен",
    "Жанар",
    "Бауыржан",
    "Сәуле",
    "Тимур",
    "Дарига",
    "Ержан",
    "Әлия",
    "Нұрлан",
    "Серік",
    "Ғалым",
    "Айнұр",
];
pub(crate) const CYR_LAST: [&str; 18] = [
    "Тоқаев",
    "Назарбаев",
    "Мәсімов",
    "Мамин",
    "Смайылов",
    "Тұрғымбаев",
    "Әбілов",
    "Сұлтанов",
    "Жақсыбеков",
    "Иманғалиев",
    "Қасымов",
    "Бекмұхамедов",
    "Оспанова",
    "Сейітқали",
    "Ахметов",
    "Жұмабаев",
    "Өтебаев",
    "Ибрагимова",
];
pub(crate) const LAT_FIRST: [&str; 16] = [
    "Anna", "Marat", "Dmitry", "Olga", "Sergei", "Elena", "John", "Maria", "Kenji", "Amira",
    "Peter", "Laura", "Ruslan", "Dana", "Yerlan", "Zhanna",
];
pub(crate) const LAT_LAST: [&str; 15] = [
    "Petrova",
    "Ivanov",
    "Smith",
    "Kowalski",
    "Haddad",
    "Sato",
    "Novak",
    "Bauer",
    "Kim",
    "Ospanov",
    "Dzhaksybekov",
    "García",
    "Müller",
    "Łukasik",
    "Brennan",
];
pub(crate) const INITIALS: [&str; 12] = [
    "А.", "Б.", "Қ.", "Е.", "Ж.", "М.", "N.", "K.", "S.", "T.", "R.", "D.",
];

/// (name, aliases, country index or none)
pub(crate) const INTL_ORGS: [(&str, &[&str]); 5] = [
    ("Collective Security Treaty Organization", &["CSTO", "ОДКБ"]),
    (
        "UN Office of the High Commissioner for Human Rights",
        &["OHCHR"],
    ),
    (
        "Organization for Security and Co-operation in Europe",
        &["OSCE"],
    ),
    ("European Union", &["EU"]),
    ("International Committee of the Red Cross", &["ICRC"]),
];

/// (outlet, domain, usual language, local to Kazakhstan); the first 12 are also media actors.
pub(crate) const OUTLETS: [(&str, &str, &str, bool); 18] = [
    ("Azattyq", "rus.azattyq.org", "ru", true),
    ("Tengrinews", "tengrinews.kz", "ru", true),
    ("Reuters", "www.reuters.com", "en", false),
    ("Интерфакс-Казахстан", "interfax.kz", "ru", true),
    ("Orda.kz", "orda.kz", "ru", true),
    ("Vlast.kz", "vlast.kz", "ru", true),
    ("Kazinform", "www.inform.kz", "kk", true),
    ("Eurasianet", "eurasianet.org", "en", false),
    ("Хабар 24", "24.kz", "kk", true),
    ("Associated Press", "apnews.com", "en", false),
    ("TASS", "tass.ru", "ru", false),
    ("KazTAG", "kaztag.kz", "ru", true),
    ("BBC News", "www.bbc.com", "en", false),
    ("The Guardian", "www.theguardian.com", "en", false),
    ("Human Rights Watch", "www.hrw.org", "en", false),
    ("Akorda", "www.akorda.kz", "kk", true),
    ("CNN", "edition.cnn.com", "en", false),
    ("Новая газета", "novayagazeta.ru", "ru", false),
];
pub(crate) const MEDIA_ALIASES: [&[&str]; 12] = [
    &["Азаттық", "RFE/RL Kazakh Service"],
    &[],
    &[],
    &["Interfax-Kazakhstan"],
    &[],
    &["Власть"],
    &["Қазақпарат"],
    &[],
    &["Khabar 24"],
    &["AP"],
    &["ТАСС"],
    &[],
];

/// Templates: {C} a country name, {c} a city name.
pub(crate) const GOVERNMENTS: [(&str, &[&str]); 8] = [
    (
        "Ministry of Internal Affairs of {C}",
        &["Interior Ministry", "MVD"],
    ),
    ("Ministry of Health of {C}", &["Health Ministry"]),
    ("Ministry of Defence of {C}", &["MoD"]),
    (
        "Prosecutor General's Office of {C}",
        &["Prosecutor General"],
    ),
    ("Office of the President of {C}", &["Presidential Office"]),
    ("Ministry of Information of {C}", &[]),
    ("{c} city akimat", &["{c} akimat"]),
    ("{c} қаласының әкімдігі", &[]),
];
pub(crate) const SECURITY: [(&str, &[&str]); 7] = [
    ("National Guard of {C}", &["National Guard"]),
    ("National Security Committee of {C}", &["KNB", "ҰҚК"]),
    ("Border Service of {C}", &[]),
    ("Police of {c}", &["{c} police"]),
    ("Armed Forces of {C}", &["army"]),
    ("Rapid reaction force, {c}", &["SOBR"]),
    ("«Сұңқар» special forces, {c}", &["Sunkar"]),
];
pub(crate) const GROUPS_ACTORS: [&str; 10] = [
    "Protesters in {c}",
    "Oil workers of {c}",
    "Democratic Choice of {C}",
    "{c} Taxi Drivers' Association",
    "Relatives of the detained in {c}",
    "{c} residents' initiative",
    "Ата-Жұрт ({c})",
    "Human Rights Bureau of {C}",
    "Amnesty International ({C} section)",
    "Volunteer medics of {c}",
];

pub(crate) const TAGS: [&str; 52] = [
    "protest",
    "fuel-prices",
    "lpg",
    "crackdown",
    "state-of-emergency",
    "curfew",
    "internet-shutdown",
    "csto",
    "casualties",
    "detentions",
    "torture-allegations",
    "amnesty",
    "elections",
    "oil-workers",
    "zhanaozen",
    "almaty",
    "nur-sultan",
    "shymkent",
    "aktobe",
    "taraz",
    "media-freedom",
    "journalists",
    "human-rights",
    "investigation",
    "court",
    "sentencing",
    "missing-persons",
    "hospitals",
    "security-forces",
    "national-guard",
    "army",
    "police",
    "knb",
    "looting",
    "arson",
    "airport",
    "city-hall",
    "shoot-to-kill",
    "terrorism-claims",
    "foreign-fighters",
    "disinformation",
    "russia",
    "china",
    "eu",
    "un",
    "economy",
    "banking",
    "transport",
    "government-resignation",
    "funerals",
    "алматы",
    "қаңтар-оқиғасы",
];

pub(crate) const MEASURES: [&str; 8] = [
    "killed",
    "injured",
    "hospitalized",
    "critical",
    "arrested",
    "detained",
    "missing",
    "displaced",
];
pub(crate) const MEASURE_WEIGHTS: [u32; 8] = [30, 20, 12, 5, 8, 15, 6, 4];
/// Log-uniform range of a fresh count, per measure.
pub(crate) const MEASURE_SCALE: [(f64, f64); 8] = [
    (1.0, 250.0),
    (5.0, 5000.0),
    (5.0, 2000.0),
    (1.0, 120.0),
    (10.0, 10_000.0),
    (10.0, 12_000.0),
    (1.0, 500.0),
    (50.0, 20_000.0),
];
pub(crate) const FIG_GROUPS: [(&str, &str); 7] = [
    ("protesters", "protesters"),
    ("security-forces", "members of the security forces"),
    ("civilians", "civilians"),
    ("children", "children"),
    ("all", "people"),
    ("journalists", "journalists"),
    ("foreign-nationals", "foreign nationals"),
];
pub(crate) const FIG_GROUP_WEIGHTS: [u32; 7] = [25, 20, 15, 5, 25, 5, 5];

/// The claimant's own words, per measure (same order as MEASURES).
pub(crate) const WORDS: [&[&str]; 8] = [
    &[
        "{n} people died",
        "{n} servicemen killed",
        "{n} человек погибли",
        "{n} адам қаза тапты",
    ],
    &[
        "{n} wounded, \"many seriously\"",
        "{n} пострадавших",
        "{n} адам жараланды",
    ],
    &["{n} hospitalised", "госпитализированы {n} человек"],
    &["{n} in critical condition", "{n} в тяжёлом состоянии"],
    &["{n} arrested", "арестованы {n} человек"],
    &[
        "{n} taken into custody",
        "задержаны {n} человек",
        "{n} адам ұсталды",
    ],
    &["{n} unaccounted for", "{n} пропавших без вести"],
    &["{n} fled their homes", "{n} displaced"],
];
pub(crate) const RETRACTIONS: [&str; 4] = [
    "Withdrawn by the claimant the next day.",
    "Retracted: the claimant said the count had been entered twice.",
    "The outlet removed the number from its report without explanation.",
    "Retracted after the named hospital denied giving any figures.",
];
pub(crate) const NOTES: [&str; 8] = [
    "First official count.",
    "Revised after hospital data was released.",
    "Repeated without attribution by several outlets.",
    "Figure includes victims in neighbouring districts.",
    "Claimant later said the number was provisional.",
    "Contradicted by eyewitness reports.",
    "Unclear whether this includes security forces.",
    "Given orally at a press briefing; no written record.",
];

// Slots: {A} actor, {P} place, {S} source, {B} another briefing, {N} number,
// {D} date, {M} measure word, {G} group words, {O} outlet, {F} a figure of
// the briefing named in prose (`[[id]]` or `[[id|its words]]`; a template
// with {F} is drawn only when the briefing has a figure with an id), {C}
// and {R} that figure's claimant and source.
//
// In a body, a bare {N} is never within reach of a measure's words ("killed",
// "detained", "hospitals", …: two words before, four after, in the
// sentence): `dossier check` would take it for the count of a figure, and
// warn when a figure of that number is superseded or retracted. Counts of
// figures go through {F}. (Titles and summaries are not prose: they may.)
pub(crate) const HEADLINES: [&str; 22] = [
    "Security forces retake {P} city hall",
    "{A} declares state of emergency in {P}",
    "Death toll in {P} rises to {N}, officials say",
    "Internet shutdown cuts off {P}",
    "{A} disputes official casualty figures",
    "Protests spread from {P} to neighbouring towns",
    "Curfew imposed in {P} as clashes continue",
    "{N} detained overnight in {P}",
    "{A} calls for an independent investigation",
    "Hospitals in {P} report surge of wounded",
    "Troops deployed to {P} at the request of {A}",
    "Families search for the missing in {P}",
    "{A}: \"order has been restored\"",
    "Fuel price protest in {P} enters day {K}",
    "Conflicting accounts of shooting near {P}",
    "{A} releases revised figures for {P}",
    "Court in {P} hands down first sentences",
    "Amnesty announced for those detained in {P}",
    "Journalists detained while covering events in {P}",
    "Witnesses describe night of violence in {P} & surrounding areas",
    "{A} says 'fewer than {N}' {M} in {P}",
    "Qui a tiré à {P} ? Foreign press questions the official account",
];
pub(crate) const SUMMARIES: [&str; 6] = [
    "Latest figures from {P} and what {A} says about them.",
    "How the events in {P} unfolded on {D}, and who reported what.",
    "{A} revises its count; independent reports from {P} disagree.",
    "Detentions, curfews and communication blackouts across {P}.",
    "A digest of claims about {G} {M} in {P}.",
    "What {O} and {A} reported, side by side.",
];
pub(crate) const SENTENCES: [&str; 27] = [
    "{A} said the situation in {P} remained tense on {D}, according to {S}.",
    "Footage verified by {S} shows crowds gathering near the central square of {P} before dawn, while armoured vehicles blocked the approach roads.",
    "The count of {F} could not be independently confirmed; {C} declined to say how it had been compiled.",
    "Residents of {P} reached by telephone described intermittent gunfire through the night and said mobile internet had been cut since the afternoon.",
    "As reported in {B}, the first official statements contradicted accounts collected by local journalists.",
    "{A} and {A} gave differing accounts of the same events, and neither has published the underlying records.",
    "According to {S}, at least {N} people had been treated in hospitals in {P} by the evening of {D}.",
    "The account of {A} is consistent with satellite imagery of {P} reviewed by our editors, but not with the timeline given by {A}.",
    "Lawyers representing families in {P} said relatives had been unable to locate {N} people held since {D}.",
    "{S} quoted an unnamed official as saying that the operation in {P} would continue \"until order is fully restored\".",
    "Prices for liquefied gas in {P} had doubled at the start of the month, the trigger most observers cite for the first protests.",
    "Compare the earlier figures in {B}: the count attributed to {A} has since been revised more than once.",
    "The statement by {A} was published first in Russian and only later in Kazakh and English; the versions differ in the number of {G} reported {M}.",
    "Our editors rate the reporting of {S} as *generally reliable*, though it relied on a single source inside {P}.",
    "By {D}, checkpoints had been set up on all roads leading into {P}, and a curfew was in force from 23:00 to 07:00.",
    "{A} told reporters that \"provocateurs\" had been detained in {P}, without giving names or numbers.",
    "Independent monitors in {P} dispute {F}: by their count the real number is **far higher**.",
    "According to {C}, the count stands at {F}.",
    "Eyewitnesses in {P} said security forces fired warning shots before opening fire on the crowd; {A} denies this.",
    "Hospitals in {P} stopped sharing admission data on {D}, according to staff who spoke to {S}.",
    "A list of names compiled by volunteers in {P} has grown to {N} entries; it has not been verified.",
    "See also the profile of {A} and the record of {P}, which collect every figure attributed to them.",
    "The video shared by {S} was geolocated to a street near the regional administration building in {P}.",
    "Relatives gathered outside the detention centre in {P}, saying they had received no information about {N} detainees.",
    "{A} later said the earlier statement had been \"misinterpreted\" by the press.",
    "{O} reported that flights to and from {P} were suspended until {D}.",
    "Figures for {P} published by {A} on {D} were < {N} & did not distinguish {G} from bystanders.",
];
pub(crate) const FILLERS: [&str; 14] = [
    "Details remain fragmentary and this briefing will be updated as more information becomes available.",
    "Communication with the region was intermittent for most of the day, which makes independent verification slow.",
    "None of the figures here should be read as final; each is attributed to whoever made the claim.",
    "Several accounts could not be reconciled, and we report them side by side rather than choosing between them.",
    "Official statements were issued late at night and were often revised by the following morning.",
    "Local journalists worked under curfew and with restricted access to hospitals and morgues.",
    "The timeline is reconstructed from published reports, video evidence and official statements.",
    "Where sources disagree on dates or numbers, the disagreement is recorded in the casualty ledger.",
    "We have not been able to reach the regional prosecutor's office for comment.",
    "Translations from Russian and Kazakh are our own.",
    "Names of private individuals are withheld unless they have spoken publicly.",
    "Several of the videos circulating online turned out to be older footage from other places.",
    "The government has not published a list of the dead, which makes every total provisional.",
    "Numbers quoted by officials at press conferences did not always match the written statements released afterwards.",
];
pub(crate) const LIST_ITEMS: [&str; 10] = [
    "{A} confirmed the figures on {D}.",
    "Roads into {P} reopened.",
    "Mobile internet restored in {P}.",
    "{F}, per {R}.",
    "Curfew extended until {D}.",
    "No independent access to morgues in {P}.",
    "{A} has not responded to our questions.",
    "Flights to {P} suspended.",
    "`{N}` is the highest count so far for {P}.",
    "Statement by {A} contradicts {S}.",
];
pub(crate) const HEADINGS: [&str; 7] = [
    "What we know",
    "Background",
    "Official figures",
    "Competing accounts",
    "Timeline",
    "Open questions",
    "Sources and method",
];
pub(crate) const EVENT_TITLES: [&str; 10] = [
    "Crowds gather on the central square of {P}",
    "Security forces open fire near the administration building in {P}",
    "Internet access cut in {P}",
    "Curfew announced in {P}",
    "Airport of {P} seized",
    "Troops arrive in {P}",
    "Mass detentions reported in {P}",
    "Funeral processions in {P}",
    "Shops looted in {P}",
    "Regional administration in {P} set on fire",
];
pub(crate) const EVENT_TIMES: [&str; 7] = [
    "morning",
    "afternoon",
    "evening",
    "night",
    "around 10:00",
    "shortly after midnight",
    "14:30",
];
pub(crate) const QUOTES: [&str; 10] = [
    "Order has been restored in all regions.",
    "We will not negotiate with criminals.",
    "The number of victims is far higher than the authorities admit.",
    "Я отдал приказ открывать огонь на поражение без предупреждения.",
    "Біз бейбіт наразылыққа шықтық.",
    "No one has told us where our sons are being held.",
    "The peacekeeping mission has fulfilled its task.",
    "Ситуация стабилизирована.",
    "These were not \"peaceful protesters\" but trained militants.",
    "We demand an independent international investigation.",
];
pub(crate) const SOURCE_TITLES_EN: [&str; 10] = [
    "{P}: {N} reported {M} as unrest continues",
    "Unrest spreads to {P}",
    "{A} orders troops to restore order in {P}",
    "Internet blackout hits {P}",
    "Eyewitnesses describe night of shooting in {P}",
    "What we know about the violence in {P}",
    "{A} says \"terrorists\" behind the riots",
    "Official death toll revised to {N}",
    "Families of detainees in {P} demand answers",
    "Live updates: protests in {P}",
];
pub(crate) const SOURCE_TITLES_RU: [&str; 6] = [
    "В {P} задержаны {N} человек",
    "{A}: ситуация в {P} стабилизирована",
    "Число погибших выросло до {N}",
    "В {P} ввели комендантский час",
    "Что известно о событиях в {P}",
    "Очевидцы рассказали о стрельбе в {P}",
];
pub(crate) const SOURCE_TITLES_KK: [&str; 5] = [
    "{P}: {N} адам ұсталды",
    "{A} мәлімдеме жасады",
    "{P} қаласында төтенше жағдай енгізілді",
    "Қаза тапқандар саны {N}-ге жетті",
    "{P}: жағдай тұрақталды",
];
