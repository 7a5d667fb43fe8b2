//! The generator's fixed vocabulary: the skill taxonomy and its product
//! categories, the orgs and the skills and products each draws on, regions
//! with their timezones, languages and names, experience tags and industries.
//!
//! Written by the project itself (no external taxonomy is copied in), small
//! enough to read, and large enough that matching has real choices to make.
//! The products under each category are not listed here: they are numbered
//! (`analytics-software/tool-0173`), as many as the organisation's size
//! calls for.

/// The skill taxonomy as (skill, broader skill). Areas come first, so every
/// parent is declared before its children.
pub(crate) const TAXONOMY: &[(&str, Option<&str>)] = &[
    ("programming", None),
    ("data", None),
    ("infrastructure", None),
    ("leadership", None),
    ("communication", None),
    ("product", None),
    ("design", None),
    ("sales", None),
    ("marketing", None),
    ("finance", None),
    ("people-operations", None),
    ("operations", None),
    ("legal", None),
    ("customer-success", None),
    // programming
    ("systems-programming", Some("programming")),
    ("rust", Some("systems-programming")),
    ("c++", Some("systems-programming")),
    ("go", Some("programming")),
    ("python", Some("programming")),
    ("java", Some("programming")),
    ("web-development", Some("programming")),
    ("javascript", Some("web-development")),
    ("typescript", Some("web-development")),
    ("mobile-development", Some("programming")),
    ("software-architecture", Some("programming")),
    ("testing", Some("programming")),
    // infrastructure
    ("cloud", Some("infrastructure")),
    ("kubernetes", Some("cloud")),
    ("devops", Some("infrastructure")),
    ("security", Some("infrastructure")),
    ("networking", Some("infrastructure")),
    // data
    ("sql", Some("data")),
    ("statistics", Some("data")),
    ("machine-learning", Some("data")),
    ("deep-learning", Some("machine-learning")),
    ("data-engineering", Some("data")),
    ("data-visualization", Some("data")),
    ("experimentation", Some("statistics")),
    // leadership
    ("people-management", Some("leadership")),
    ("coaching", Some("leadership")),
    ("hiring", Some("leadership")),
    ("strategy", Some("leadership")),
    ("change-management", Some("leadership")),
    ("decision-making", Some("leadership")),
    // communication
    ("public-speaking", Some("communication")),
    ("writing", Some("communication")),
    ("presentation", Some("communication")),
    ("facilitation", Some("communication")),
    // product
    ("product-strategy", Some("product")),
    ("roadmapping", Some("product")),
    ("product-analytics", Some("product")),
    ("user-research", Some("product")),
    // design
    ("ux-design", Some("design")),
    ("visual-design", Some("design")),
    ("interaction-design", Some("ux-design")),
    ("design-systems", Some("design")),
    ("accessibility", Some("design")),
    // sales
    ("negotiation", Some("sales")),
    ("account-management", Some("sales")),
    ("business-development", Some("sales")),
    ("sales-operations", Some("sales")),
    // marketing
    ("content-marketing", Some("marketing")),
    ("brand", Some("marketing")),
    ("seo", Some("marketing")),
    ("growth-marketing", Some("marketing")),
    // finance
    ("accounting", Some("finance")),
    ("financial-planning", Some("finance")),
    ("budgeting", Some("financial-planning")),
    ("tax", Some("finance")),
    ("investment-analysis", Some("finance")),
    // people operations
    ("recruiting", Some("people-operations")),
    ("talent-development", Some("people-operations")),
    ("compensation", Some("people-operations")),
    ("employee-relations", Some("people-operations")),
    // operations
    ("project-management", Some("operations")),
    ("process-improvement", Some("operations")),
    ("supply-chain", Some("operations")),
    ("vendor-management", Some("operations")),
    // legal
    ("contracts", Some("legal")),
    ("compliance", Some("legal")),
    ("privacy-law", Some("legal")),
    ("intellectual-property", Some("legal")),
    // customer success
    ("customer-support", Some("customer-success")),
    ("customer-onboarding", Some("customer-success")),
    ("technical-writing", Some("customer-success")),
];

/// Skills every manager draws on, whatever their org.
pub(crate) const MANAGER_SKILLS: &[(&str, f64)] = &[
    ("people-management", 5.0),
    ("coaching", 3.0),
    ("hiring", 3.0),
    ("strategy", 2.0),
    ("decision-making", 2.0),
    ("change-management", 1.0),
    ("public-speaking", 1.5),
    ("facilitation", 1.0),
    ("budgeting", 1.0),
];

/// Product categories as (category, broader skill of [`TAXONOMY`]), a layer
/// of tools below the skills, in the spirit of the technology skills of
/// O*NET. Listed by how many products each holds, largest first: the
/// generator sizes them by rank, so the first has thousands of products in
/// a large organisation and the last a few dozen.
pub(crate) const PRODUCT_CATEGORIES: &[(&str, Option<&str>)] = &[
    ("analytics-software", Some("data")),
    ("database-software", Some("data")),
    ("enterprise-software", Some("operations")),
    ("financial-software", Some("finance")),
    ("design-software", Some("design")),
    ("developer-tools", Some("programming")),
    ("project-management-software", Some("operations")),
    ("hr-software", Some("people-operations")),
    ("document-software", Some("communication")),
    ("crm-software", Some("sales")),
    ("cloud-platforms", Some("infrastructure")),
    ("marketing-software", Some("marketing")),
    ("collaboration-software", None),
    ("support-software", Some("customer-success")),
    ("compliance-software", Some("legal")),
    ("security-software", Some("security")),
];

/// The product categories of the executive (the CEO, who belongs to no org).
pub(crate) const EXECUTIVE_PRODUCTS: &[(&str, f64)] = &[
    ("collaboration-software", 3.0),
    ("document-software", 2.0),
    ("analytics-software", 1.0),
    ("financial-software", 1.0),
];

/// Skills people grow towards across orgs: what career goals often name.
pub(crate) const ASPIRATIONAL_SKILLS: &[(&str, f64)] = &[
    ("leadership", 2.0),
    ("people-management", 4.0),
    ("public-speaking", 4.0),
    ("strategy", 2.0),
    ("coaching", 1.5),
    ("writing", 1.5),
    ("negotiation", 1.5),
    ("machine-learning", 2.5),
    ("product-strategy", 1.5),
    ("data-visualization", 1.0),
    ("python", 1.5),
    ("sql", 1.5),
    ("decision-making", 1.0),
    ("presentation", 1.0),
];

/// An org: its name, its share of the headcount, its departments, the skills its people
/// draw on and the product categories whose tools they use, with relative
/// weights.
pub(crate) struct Org {
    pub(crate) name: &'static str,
    pub(crate) share: f64,
    /// The departments the org's senior units are named after, in order
    /// (a unit past the end of the list takes a number).
    pub(crate) departments: &'static [&'static str],
    pub(crate) skills: &'static [(&'static str, f64)],
    pub(crate) products: &'static [(&'static str, f64)],
}

/// The orgs, largest first; a small organisation keeps only the first few.
pub(crate) const ORGS: &[Org] = &[
    Org {
        name: "Engineering",
        share: 30.0,
        departments: &[
            "Platform",
            "Infrastructure",
            "Payments",
            "Mobile",
            "Security",
            "Developer Experience",
            "Search",
            "Core Services",
        ],
        skills: &[
            ("rust", 2.0),
            ("c++", 1.5),
            ("go", 3.0),
            ("python", 4.0),
            ("java", 3.0),
            ("javascript", 3.0),
            ("typescript", 3.0),
            ("mobile-development", 1.5),
            ("software-architecture", 2.0),
            ("testing", 2.5),
            ("systems-programming", 1.0),
            ("programming", 1.0),
            ("cloud", 2.5),
            ("kubernetes", 2.0),
            ("devops", 2.0),
            ("security", 1.5),
            ("networking", 0.8),
            ("sql", 2.0),
            ("data-engineering", 0.8),
            ("technical-writing", 0.5),
        ],
        products: &[
            ("developer-tools", 5.0),
            ("cloud-platforms", 3.0),
            ("database-software", 2.0),
            ("collaboration-software", 1.5),
            ("project-management-software", 1.0),
            ("security-software", 1.0),
            ("analytics-software", 0.5),
        ],
    },
    Org {
        name: "Sales",
        share: 14.0,
        departments: &[
            "Enterprise",
            "Mid-Market",
            "EMEA Sales",
            "APAC Sales",
            "Sales Operations",
            "Partnerships",
        ],
        skills: &[
            ("negotiation", 4.0),
            ("account-management", 4.0),
            ("business-development", 3.0),
            ("sales-operations", 2.0),
            ("sales", 1.0),
            ("presentation", 2.5),
            ("public-speaking", 1.5),
            ("writing", 1.0),
            ("contracts", 0.8),
            ("brand", 0.5),
        ],
        products: &[
            ("crm-software", 5.0),
            ("collaboration-software", 1.5),
            ("document-software", 1.0),
            ("analytics-software", 1.0),
        ],
    },
    Org {
        name: "Customer Success",
        share: 10.0,
        departments: &["Support", "Onboarding", "Account Success", "Renewals"],
        skills: &[
            ("customer-support", 4.0),
            ("customer-onboarding", 3.0),
            ("technical-writing", 2.0),
            ("account-management", 2.0),
            ("facilitation", 1.0),
            ("writing", 1.5),
            ("sql", 1.0),
            ("process-improvement", 1.0),
        ],
        products: &[
            ("support-software", 5.0),
            ("crm-software", 2.0),
            ("collaboration-software", 1.5),
            ("database-software", 0.5),
        ],
    },
    Org {
        name: "Data",
        share: 8.0,
        departments: &[
            "Analytics",
            "Data Platform",
            "Machine Learning",
            "Business Intelligence",
        ],
        skills: &[
            ("sql", 4.0),
            ("python", 4.0),
            ("statistics", 3.0),
            ("machine-learning", 3.0),
            ("deep-learning", 1.5),
            ("data-engineering", 2.5),
            ("data-visualization", 2.5),
            ("experimentation", 2.0),
            ("data", 1.0),
            ("cloud", 1.0),
            ("product-analytics", 1.0),
        ],
        products: &[
            ("analytics-software", 5.0),
            ("database-software", 4.0),
            ("cloud-platforms", 1.5),
            ("developer-tools", 1.5),
        ],
    },
    Org {
        name: "Operations",
        share: 8.0,
        departments: &["Facilities", "Procurement", "IT", "Supply Chain"],
        skills: &[
            ("project-management", 4.0),
            ("process-improvement", 3.0),
            ("supply-chain", 2.5),
            ("vendor-management", 2.5),
            ("operations", 1.0),
            ("budgeting", 1.0),
            ("sql", 0.8),
            ("facilitation", 1.0),
        ],
        products: &[
            ("enterprise-software", 4.0),
            ("project-management-software", 3.0),
            ("analytics-software", 1.5),
            ("document-software", 1.0),
        ],
    },
    Org {
        name: "Marketing",
        share: 7.0,
        departments: &[
            "Brand",
            "Growth",
            "Product Marketing",
            "Communications",
            "Events",
        ],
        skills: &[
            ("content-marketing", 3.0),
            ("brand", 3.0),
            ("seo", 2.0),
            ("growth-marketing", 3.0),
            ("writing", 2.5),
            ("data-visualization", 1.0),
            ("experimentation", 1.0),
            ("visual-design", 1.0),
            ("public-speaking", 1.0),
        ],
        products: &[
            ("marketing-software", 5.0),
            ("analytics-software", 2.0),
            ("design-software", 1.5),
            ("crm-software", 1.0),
        ],
    },
    Org {
        name: "Product",
        share: 6.0,
        departments: &[
            "Core Product",
            "Growth Product",
            "Platform Product",
            "Product Operations",
        ],
        skills: &[
            ("product-strategy", 3.0),
            ("roadmapping", 3.0),
            ("product-analytics", 2.5),
            ("user-research", 2.0),
            ("product", 1.0),
            ("sql", 1.5),
            ("experimentation", 1.0),
            ("presentation", 1.5),
            ("ux-design", 1.0),
            ("writing", 1.0),
        ],
        products: &[
            ("analytics-software", 3.0),
            ("project-management-software", 3.0),
            ("design-software", 1.5),
            ("collaboration-software", 1.5),
            ("database-software", 1.0),
        ],
    },
    Org {
        name: "Finance",
        share: 5.0,
        departments: &["Accounting", "FP&A", "Treasury", "Tax"],
        skills: &[
            ("accounting", 4.0),
            ("financial-planning", 3.0),
            ("budgeting", 2.5),
            ("tax", 2.0),
            ("investment-analysis", 2.0),
            ("sql", 1.0),
            ("data-visualization", 1.0),
            ("compliance", 1.0),
        ],
        products: &[
            ("financial-software", 5.0),
            ("enterprise-software", 2.5),
            ("analytics-software", 2.5),
            ("database-software", 1.0),
        ],
    },
    Org {
        name: "Design",
        share: 4.0,
        departments: &["Product Design", "Research & Insights", "Design Systems"],
        skills: &[
            ("ux-design", 4.0),
            ("visual-design", 3.0),
            ("interaction-design", 3.0),
            ("design-systems", 2.0),
            ("accessibility", 1.5),
            ("user-research", 2.0),
            ("design", 1.0),
            ("javascript", 0.5),
            ("presentation", 1.0),
        ],
        products: &[
            ("design-software", 6.0),
            ("collaboration-software", 1.5),
            ("developer-tools", 0.5),
        ],
    },
    Org {
        name: "People",
        share: 4.0,
        departments: &[
            "Talent Acquisition",
            "People Partners",
            "Learning",
            "Total Rewards",
        ],
        skills: &[
            ("recruiting", 4.0),
            ("talent-development", 3.0),
            ("compensation", 2.0),
            ("employee-relations", 3.0),
            ("coaching", 2.0),
            ("facilitation", 1.5),
            ("writing", 1.0),
            ("change-management", 1.0),
        ],
        products: &[
            ("hr-software", 5.0),
            ("document-software", 1.5),
            ("collaboration-software", 1.5),
            ("analytics-software", 0.5),
        ],
    },
    Org {
        name: "Legal",
        share: 2.0,
        departments: &["Commercial", "Compliance", "Privacy"],
        skills: &[
            ("contracts", 4.0),
            ("compliance", 3.0),
            ("privacy-law", 2.0),
            ("intellectual-property", 2.0),
            ("negotiation", 1.5),
            ("writing", 2.0),
        ],
        products: &[
            ("compliance-software", 4.0),
            ("document-software", 3.0),
            ("collaboration-software", 1.0),
        ],
    },
    Org {
        name: "Research",
        share: 2.0,
        departments: &[
            "Applied Research",
            "Fundamental Research",
            "Research Engineering",
        ],
        skills: &[
            ("machine-learning", 4.0),
            ("deep-learning", 3.0),
            ("statistics", 3.0),
            ("python", 3.0),
            ("c++", 1.5),
            ("rust", 1.0),
            ("writing", 2.0),
            ("public-speaking", 1.0),
        ],
        products: &[
            ("analytics-software", 5.0),
            ("developer-tools", 2.0),
            ("database-software", 1.5),
            ("cloud-platforms", 1.0),
        ],
    },
];

/// A country within a region: its UTC offset, local language and the city
/// of the office there (a person's `location` attribute).
pub(crate) struct Country {
    pub(crate) timezone: f64,
    pub(crate) language: &'static str,
    pub(crate) city: &'static str,
}

/// A region: its share of the headcount, countries and names.
pub(crate) struct Region {
    pub(crate) share: f64,
    pub(crate) countries: &'static [Country],
    pub(crate) first_names: &'static [&'static str],
    pub(crate) last_names: &'static [&'static str],
}

const fn country(timezone: f64, language: &'static str, city: &'static str) -> Country {
    Country {
        timezone,
        language,
        city,
    }
}

/// Where people work. English is the company language; most people also
/// speak their country's language.
pub(crate) const REGIONS: &[Region] = &[
    // North America
    Region {
        share: 35.0,
        countries: &[
            country(-8.0, "en", "San Francisco"),
            country(-7.0, "en", "Denver"),
            country(-6.0, "en", "Chicago"),
            country(-5.0, "en", "New York"),
            country(-5.0, "en", "Toronto"),
            country(-6.0, "es", "Mexico City"),
            country(-5.0, "fr", "Montreal"),
        ],
        first_names: &[
            "James",
            "Mary",
            "Robert",
            "Patricia",
            "John",
            "Jennifer",
            "Michael",
            "Linda",
            "David",
            "Elizabeth",
            "Carlos",
            "Maria",
            "Tyrone",
            "Aisha",
            "Kevin",
            "Emily",
        ],
        last_names: &[
            "Smith",
            "Johnson",
            "Williams",
            "Brown",
            "Jones",
            "Garcia",
            "Miller",
            "Davis",
            "Rodriguez",
            "Martinez",
            "Wilson",
            "Anderson",
            "Taylor",
            "Thomas",
            "Moore",
            "Lee",
        ],
    },
    // Europe
    Region {
        share: 30.0,
        countries: &[
            country(0.0, "en", "London"),
            country(1.0, "de", "Berlin"),
            country(1.0, "fr", "Paris"),
            country(1.0, "es", "Madrid"),
            country(1.0, "it", "Milan"),
            country(1.0, "nl", "Amsterdam"),
            country(1.0, "pl", "Warsaw"),
            country(1.0, "sv", "Stockholm"),
            country(2.0, "fi", "Helsinki"),
            country(0.0, "pt", "Lisbon"),
            country(2.0, "el", "Athens"),
        ],
        first_names: &[
            "Lena", "Lukas", "Sophie", "Matteo", "Chloé", "Jan", "Emma", "Hugo", "Ingrid", "Pablo",
            "Zofia", "Niko", "Eleni", "Oliver", "Amélie", "Tomasz",
        ],
        last_names: &[
            "Müller",
            "Schmidt",
            "Dubois",
            "Rossi",
            "García",
            "de Vries",
            "Kowalski",
            "Lindqvist",
            "Virtanen",
            "Silva",
            "Papadopoulos",
            "Novak",
            "Jones",
            "Moreau",
            "Bianchi",
            "Jansen",
        ],
    },
    // South Asia
    Region {
        share: 15.0,
        countries: &[
            country(5.5, "hi", "Bengaluru"),
            country(5.5, "ta", "Chennai"),
            country(5.5, "te", "Hyderabad"),
            country(5.5, "kn", "Mysuru"),
            country(5.0, "ur", "Karachi"),
            country(6.0, "bn", "Dhaka"),
        ],
        first_names: &[
            "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Divya", "Arjun", "Kavya", "Noor",
            "Imran", "Sneha", "Rahul", "Meera", "Farhan", "Lakshmi", "Sanjay",
        ],
        last_names: &[
            "Sharma",
            "Patel",
            "Iyer",
            "Reddy",
            "Nair",
            "Gupta",
            "Khan",
            "Rahman",
            "Singh",
            "Rao",
            "Menon",
            "Chatterjee",
            "Das",
            "Joshi",
            "Kumar",
            "Pillai",
        ],
    },
    // East Asia
    Region {
        share: 8.0,
        countries: &[
            country(8.0, "zh", "Shanghai"),
            country(9.0, "ja", "Tokyo"),
            country(9.0, "ko", "Seoul"),
            country(8.0, "zh", "Taipei"),
            country(8.0, "en", "Singapore"),
        ],
        first_names: &[
            "Wei", "Mei", "Hiroshi", "Yuki", "Min-jun", "Ji-woo", "Jun", "Xin", "Haruto", "Sakura",
            "Seo-yeon", "Chen", "Li", "Kenji", "Hana", "Tao",
        ],
        last_names: &[
            "Wang",
            "Li",
            "Zhang",
            "Liu",
            "Chen",
            "Sato",
            "Suzuki",
            "Takahashi",
            "Kim",
            "Park",
            "Choi",
            "Tanaka",
            "Huang",
            "Lin",
            "Yamamoto",
            "Lee",
        ],
    },
    // Latin America
    Region {
        share: 7.0,
        countries: &[
            country(-3.0, "pt", "São Paulo"),
            country(-3.0, "es", "Buenos Aires"),
            country(-5.0, "es", "Bogotá"),
            country(-6.0, "es", "Guatemala City"),
            country(-4.0, "es", "Santiago"),
        ],
        first_names: &[
            "Mateo",
            "Valentina",
            "Santiago",
            "Camila",
            "João",
            "Ana",
            "Diego",
            "Lucía",
            "Gabriel",
            "Isabela",
            "Sebastián",
            "Mariana",
            "Rafael",
            "Julia",
            "Andrés",
            "Sofía",
        ],
        last_names: &[
            "Santos",
            "Oliveira",
            "González",
            "Rodríguez",
            "Pérez",
            "Souza",
            "López",
            "Gómez",
            "Fernández",
            "Costa",
            "Ramírez",
            "Torres",
            "Almeida",
            "Herrera",
            "Castro",
            "Ruiz",
        ],
    },
    // Africa and the Middle East
    Region {
        share: 3.0,
        countries: &[
            country(1.0, "en", "Lagos"),
            country(2.0, "en", "Johannesburg"),
            country(3.0, "sw", "Nairobi"),
            country(1.0, "fr", "Dakar"),
            country(2.0, "ar", "Cairo"),
            country(4.0, "ar", "Dubai"),
        ],
        first_names: &[
            "Chidi", "Amara", "Kwame", "Zainab", "Omar", "Fatima", "Tendai", "Nia", "Youssef",
            "Aaliyah", "Sipho", "Layla", "Kofi", "Halima", "Tariq", "Ayo",
        ],
        last_names: &[
            "Okafor", "Mensah", "Haddad", "Mwangi", "Diallo", "Nkosi", "Abebe", "Adeyemi",
            "Hassan", "Boateng", "Kamau", "Farouk", "Traoré", "Osei", "Naidoo", "Said",
        ],
    },
    // Oceania
    Region {
        share: 2.0,
        countries: &[
            country(10.0, "en", "Sydney"),
            country(12.0, "en", "Auckland"),
            country(8.0, "en", "Perth"),
        ],
        first_names: &[
            "Charlotte",
            "Jack",
            "Olivia",
            "Noah",
            "Mia",
            "William",
            "Isla",
            "Lachlan",
            "Ruby",
            "Tane",
            "Aroha",
            "Cooper",
            "Matilda",
            "Hamish",
            "Grace",
            "Liam",
        ],
        last_names: &[
            "Wilson", "Thompson", "Walker", "White", "Harris", "Ngata", "King", "Campbell",
            "Kelly", "Clarke", "Murphy", "Ryan", "Parata", "Young", "Evans", "Hall",
        ],
    },
];

/// Languages people pick up beyond English and their country's.
pub(crate) const SECOND_LANGUAGES: &[&str] = &["es", "fr", "de", "zh", "ja", "pt", "ar", "hi"];

/// Experience tags: challenges people have faced, with how common each is.
pub(crate) const EXPERIENCES: &[(&str, f64)] = &[
    ("career-switch", 3.0),
    ("parental-leave", 2.0),
    ("relocation", 2.0),
    ("remote-team", 3.0),
    ("startup", 1.5),
    ("layoff", 1.0),
    ("return-to-work", 1.0),
    ("promotion", 3.0),
    ("international-assignment", 1.0),
    ("acquisition", 1.0),
    ("cross-functional-move", 2.0),
    ("imposter-syndrome", 2.0),
    ("caregiving", 1.0),
    ("first-generation-professional", 1.0),
    ("burnout-recovery", 0.8),
];

/// Industry backgrounds: the organisation is a software company, but many
/// of its people came from elsewhere.
pub(crate) const INDUSTRIES: &[(&str, f64)] = &[
    ("software", 60.0),
    ("finance", 8.0),
    ("retail", 6.0),
    ("consulting", 6.0),
    ("healthcare", 5.0),
    ("education", 4.0),
    ("manufacturing", 4.0),
    ("public-sector", 3.0),
    ("telecom", 4.0),
];

/// Kinds of long-range ties (across orgs), with how common each is.
pub(crate) const LONG_RANGE_KINDS: &[(&str, f64)] = &[
    ("contact", 4.0),
    ("alumni", 2.0),
    ("community", 2.0),
    ("collaborator", 2.0),
];
