// How freelancers describe themselves and how clients are named. Slots: {skill}, {skill2}, {skill3} (the
// freelancer's strongest skills), {years}, {industry}, {thing}.

export const headlines: Record<string, string[]> = {
  "web-development": [
    "{skill} developer building fast, accessible web apps",
    "Senior front-end engineer: {skill}, {skill2} and design systems",
    "Full-stack {skill} and {skill2} developer for SaaS products",
    "{skill} specialist, {years} years of shipping production sites",
  ],
  backend: [
    "Backend engineer: {skill}, {skill2} and APIs that stay up",
    "{skill} developer for high-traffic services",
    "Senior {skill} engineer, data-heavy backends and integrations",
    "Distributed systems in {skill} with {skill2}",
  ],
  devops: [
    "{skill} and {skill2} engineer: reliable, cheap, boring infrastructure",
    "DevOps / SRE: {skill}, {skill2}, monitoring and on-call that sleeps",
    "Cloud architect: {skill}, {skill2} and infrastructure as code",
    "Platform engineer: Kubernetes, Helm and CI/CD pipelines",
  ],
  data: [
    "Data scientist: {skill}, {skill2} and models in production",
    "Machine learning engineer, {skill} and MLOps",
    "{skill} analyst turning messy data into decisions",
    "LLM and NLP engineer: retrieval, evaluation, {skill}",
  ],
  mobile: [
    "{skill} developer, apps with 4.8-star ratings",
    "Mobile engineer: {skill} and {skill2}, from idea to store",
    "Native {skill} developer with a design eye",
  ],
  design: [
    "Product designer: {skill}, {skill2} and user research",
    "{skill} designer for SaaS and mobile apps",
    "Brand and {skill} designer for early-stage startups",
  ],
  writing: [
    "{skill} for developer tools and SaaS",
    "Technical writer: API docs, tutorials and release notes",
    "{skill} and {skill2} that people actually read",
  ],
  security: [
    "Penetration tester and {skill} consultant (OSCP)",
    "Application security: {skill}, {skill2} and secure design reviews",
    "{skill} specialist for startups facing their first audit",
  ],
};

export const bioOpenings = [
  "I have spent {years} years building software for {industry} companies, most recently as a lead on a small team.",
  "After {years} years in agencies and product teams, I now work directly with founders and engineering leads.",
  "I am a freelance engineer with {years} years of experience, based in a {tz} timezone and happy to overlap.",
  "Hi, I help {industry} teams ship: {years} years of experience and a habit of writing things down.",
];

export const bioMiddles = [
  "My main tools are {skill} and {skill2}; I also work with {skill3} when the project needs it.",
  "Recent work: a {thing} with {skill} for a {industry} client, delivered on time and still running.",
  "I care about tests, small pull requests and clear handovers, so your team can keep going without me.",
  "I like hard problems with real users: performance, reliability and interfaces that make sense.",
  "I have mentored junior developers and I am comfortable leading a project or joining an existing team.",
];

export const bioClosings = [
  "I answer messages within a working day and give honest estimates.",
  "Tell me about your project and I will tell you how I would approach it.",
  "Available for fixed-price projects and longer hourly engagements.",
  "I work inside your SkillPod workspace, so your code and data stay with you.",
];

export const firstNames = [
  "Amara",
  "Ben",
  "Chen",
  "Daria",
  "Emeka",
  "Farah",
  "Gabriel",
  "Hana",
  "Ines",
  "Jonas",
  "Kavya",
  "Liam",
  "Mei",
  "Nikolai",
  "Olu",
  "Priya",
  "Quentin",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
  "Victor",
  "Wen",
  "Ximena",
  "Yusuf",
  "Zara",
  "Aiko",
  "Bruno",
  "Carmen",
  "Dmitri",
];

export const lastNames = [
  "Okafor",
  "Nakamura",
  "Silva",
  "Kowalski",
  "Haddad",
  "Lindqvist",
  "Mensah",
  "Garcia",
  "Novak",
  "Sharma",
  "Dubois",
  "Fischer",
  "Tanaka",
  "Moreau",
  "Petrov",
  "Costa",
  "O'Brien",
  "Ibrahim",
  "Jensen",
  "Rossi",
];

export const timezones = [
  ["Europe/London", "European"],
  ["Europe/Berlin", "European"],
  ["Europe/Warsaw", "European"],
  ["America/New_York", "US Eastern"],
  ["America/Los_Angeles", "US Pacific"],
  ["America/Sao_Paulo", "South American"],
  ["Africa/Lagos", "West African"],
  ["Asia/Kolkata", "Indian"],
  ["Asia/Manila", "Southeast Asian"],
  ["Asia/Tokyo", "Japanese"],
] as const;

export const companyNames = [
  "Northwind",
  "Bluefin Labs",
  "Greenleaf Health",
  "Parcelly",
  "Brightpath Learning",
  "Harbor Analytics",
  "Tallyho Travel",
  "Copperline",
  "Fernhill Media",
  "Quayside Logistics",
  "Lumen Finance",
  "Oakridge Realty",
  "Pixel & Pine",
  "Stonebridge Manufacturing",
  "Tidewater Games",
  "Kindred Non-Profit",
  "Atlas Retail",
  "Meridian Insurance",
  "Nimbus SaaS",
  "Redwood Clinics",
];

export const companySuffixes = ["Ltd", "GmbH", "Inc.", "BV", "SAS", "Pty Ltd"];

export const countries = ["GB", "DE", "US", "NL", "FR", "AU", "CA", "SE", "ES", "IE", "PL", "NG", "IN", "BR"];
