"use client";
import type { ReactElement } from "react";
import { amountTextOf } from "../../../components/marketplace/money-input";
import { StickyForm, type Sticky } from "../../../components/marketplace/sticky-form";
import { SelectField, SubmitButton, TextAreaField, TextField } from "../../../components/ui";
import { saveFreelancerProfile } from "./actions";
import { skillsText } from "./profile-input";

export type FreelancerProfile = {
  handle: string;
  headline: string;
  bio: string;
  skills: { name: string; level: number }[];
  hourlyRate: { amountMinor: number; currency: string } | null;
  availability: string;
  timezone: string;
  portfolioLinks: string[];
};

const availabilities: [string, string][] = [
  ["FULL_TIME", "Full time"],
  ["PART_TIME", "Part time"],
  ["NOT_AVAILABLE", "Not taking work"],
];

function currenciesWith(current: string): [string, string][] {
  return [...new Set(["USD", "EUR", "GBP", current])].map((c) => [c, c]);
}

function RateFields({
  sticky,
  profile,
}: {
  sticky: Sticky;
  profile: FreelancerProfile | undefined;
}): ReactElement {
  const currency = profile?.hourlyRate?.currency ?? "USD";
  return (
    <div className="settings-pair">
      <TextField
        name="hourlyRate"
        label="Hourly rate"
        hint="Leave empty to show no rate."
        inputMode="decimal"
        defaultValue={sticky.value("hourlyRate", amountTextOf(profile?.hourlyRate))}
        problem={sticky.problem}
      />
      <SelectField
        name="currency"
        label="Currency"
        defaultValue={sticky.value("currency", currency)}
        options={currenciesWith(currency)}
        problem={sticky.problem}
      />
    </div>
  );
}

/** The fields' starting text: the saved profile, or a new one's defaults. */
function initialOf(profile: FreelancerProfile | undefined): Record<string, string> {
  if (!profile) return { availability: "FULL_TIME", timezone: "UTC" };
  return {
    handle: profile.handle,
    headline: profile.headline,
    bio: profile.bio,
    skills: skillsText(profile.skills),
    availability: profile.availability,
    timezone: profile.timezone,
    portfolioLinks: profile.portfolioLinks.join("\n"),
  };
}

function Fields({
  sticky,
  profile,
}: {
  sticky: Sticky;
  profile: FreelancerProfile | undefined;
}): ReactElement {
  const initial = initialOf(profile);
  const value = (name: string): string => sticky.value(name, initial[name] ?? "");
  const problem = sticky.problem;
  return (
    <>
      <TextField
        name="handle"
        label="Profile address"
        hint="3 to 30 characters: a–z, 0–9 and -. Your public page is /freelancers/ and this."
        defaultValue={value("handle")}
        autoCapitalize="none"
        maxLength={30}
        required
        problem={problem}
      />
      <TextField
        name="headline"
        label="Headline"
        defaultValue={value("headline")}
        maxLength={120}
        problem={problem}
      />
      <TextAreaField name="bio" label="About you" rows={5} defaultValue={value("bio")} problem={problem} />
      <TextAreaField
        name="skills"
        label="Skills"
        hint="One a line with a level from 1 (beginner) to 5 (expert), e.g. Kubernetes: 4."
        rows={5}
        defaultValue={value("skills")}
        problem={problem}
      />
      <RateFields sticky={sticky} profile={profile} />
      <SelectField
        name="availability"
        label="Availability"
        defaultValue={value("availability")}
        options={availabilities}
        problem={problem}
      />
      <TextField
        name="timezone"
        label="Time zone"
        hint="UTC or Area/City, e.g. Europe/Paris."
        defaultValue={value("timezone")}
        problem={problem}
      />
      <TextAreaField
        name="portfolioLinks"
        label="Portfolio links"
        hint="One https:// link a line, at most 10."
        rows={3}
        defaultValue={value("portfolioLinks")}
        problem={problem}
      />
    </>
  );
}

/** The freelancer profile clients find in search; it is created the first time it is saved. */
export function FreelancerProfileForm({ profile }: { profile: FreelancerProfile | undefined }): ReactElement {
  return (
    <StickyForm action={saveFreelancerProfile} label="Freelancer profile">
      {(sticky) => (
        <>
          <Fields sticky={sticky} profile={profile} />
          <SubmitButton pending="Saving…">
            {profile ? "Save freelancer profile" : "Create freelancer profile"}
          </SubmitButton>
        </>
      )}
    </StickyForm>
  );
}
