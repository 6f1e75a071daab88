// The freelancer profile's free-text fields as the API takes them: skills one per line with a level, links
// one per line. Pure, so that what a person types is read the same way everywhere (and tested).

export type SkillLevel = { skill: string; level: number };

const defaultLevel = 3;

/** One line: "kubernetes: 4", "React 5" or just "Go" (level 3); undefined when it cannot be read. */
function skillLevelOf(line: string): SkillLevel | undefined {
  const withLevel = /^(.+?)[\s:]+(\d+)$/.exec(line);
  const skill = (withLevel?.[1] ?? line).replace(/:$/, "").trim();
  const level = withLevel ? Number(withLevel[2]) : defaultLevel;
  if (!skill || skill.startsWith(":") || level < 1 || level > 5) return undefined;
  return { skill, level };
}

/** Skills one per line, blank lines skipped; the first line that cannot be read is named. */
export function skillsOf(text: string): { skills: SkillLevel[]; bad?: string } {
  const skills: SkillLevel[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const read = skillLevelOf(line);
    if (!read) return { skills, bad: line };
    skills.push(read);
  }
  return { skills };
}

/** The skills as the form shows them again: one "name: level" a line. */
export function skillsText(skills: { name: string; level: number }[]): string {
  return skills.map((s) => `${s.name}: ${s.level}`).join("\n");
}

/** Portfolio links, one per line; the first that is not https:// is named. */
export function linksOf(text: string): { links: string[]; bad?: string } {
  const links = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const bad = links.find((link) => !/^https:\/\/\S+$/.test(link));
  return bad === undefined ? { links } : { links, bad };
}
