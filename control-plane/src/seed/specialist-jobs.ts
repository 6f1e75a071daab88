// What clients write when they post a design, writing or security job. Slots as in job-templates.ts.
import type { JobTemplates } from "./job-templates.js";

export const specialistJobs: Record<string, JobTemplates> = {
  design: {
    popular: ["ui-design", "figma", "ux-research", "branding", "illustration", "motion-design"],
    titles: [
      "Designer with {skill} experience for a {industry} {thing}",
      "Redesign our {thing} in Figma",
      "UX researcher to interview our customers",
      "Brand identity and logo for a {industry} startup",
      "{skill} and {skill2} for a product launch",
      "Design system in Figma for our {thing}",
      "Illustrations for our {thing} and onboarding",
    ],
    things: [
      "mobile app",
      "SaaS dashboard",
      "marketing website",
      "onboarding flow",
      "checkout",
      "customer portal",
      "pitch deck",
    ],
    goals: [
      "Our {thing} works but looks dated, and users get lost in it.",
      "We want to understand why users drop out of our {thing} and fix it with research, not guesses.",
      "We are a young company and need a brand that looks trustworthy in the {industry} space.",
    ],
    details: [
      "Deliverables are Figma files with components, variants and auto layout.",
      "We expect five to eight user interviews and a short report with recommendations.",
      "The design must meet WCAG AA contrast and work in dark mode.",
      "Please share a portfolio with shipped products, not only concepts.",
      "You will work closely with our front-end developer during the build.",
    ],
    milestones: ["Research and moodboard", "Wireframes", "High-fidelity screens", "Design handoff"],
  },
  writing: {
    popular: ["copywriting", "technical-writing", "seo", "content-strategy", "translation"],
    titles: [
      "{skill} for a {industry} {thing}",
      "Technical writer to document our API",
      "SEO content writer for a {industry} blog",
      "Translate our {thing} from English to German and French",
      "Content strategy for a {industry} product launch",
      "{skill} expert to rewrite our {thing}",
    ],
    things: ["website", "developer docs", "blog", "help centre", "product pages", "newsletter"],
    goals: [
      "Our {thing} reads like it was written by engineers for engineers, and customers do not convert.",
      "We need clear, accurate {thing} that developers can follow without asking us.",
      "We want to rank for the searches our customers make, with articles that are actually useful.",
    ],
    details: [
      "Expect four to six articles a month of 1,200 to 2,000 words, with sources.",
      "You will interview our engineers and turn the notes into tutorials and reference pages.",
      "Keyword research and internal linking are part of the work.",
      "Tone: plain, friendly and precise; no filler and no buzzwords.",
      "Native-level English is required; a second language is a plus.",
    ],
    milestones: ["Outline and keyword plan", "First drafts", "Revisions", "Final delivery"],
  },
  security: {
    popular: ["penetration-testing", "security-audit", "soc2", "cryptography"],
    titles: [
      "Penetration test of our {thing}",
      "Security audit of a {industry} {thing}",
      "SOC 2 readiness for a {industry} startup",
      "Independent review of our {thing} before launch",
      "{skill} consultant for a {thing}",
    ],
    things: ["web application", "mobile app", "public API", "cloud account", "payment flow"],
    goals: [
      "We are about to launch and want an independent {skill} of our {thing} before customers rely on it.",
      "A large customer asked for a SOC 2 report and we need a plan and the controls in place.",
      "We want someone to try to break our {thing} the way an attacker would.",
    ],
    details: [
      "Scope includes authentication, authorisation, session handling and file uploads.",
      "We expect a report with findings ranked by severity and clear steps to fix each one.",
      "A retest after we fix the findings is part of the engagement.",
      "You will work inside a supervised SkillPod workspace; no customer data leaves it.",
      "OWASP ASVS level 2 is the bar we are aiming for.",
    ],
    milestones: ["Scoping", "Testing", "Report", "Retest"],
  },
};
