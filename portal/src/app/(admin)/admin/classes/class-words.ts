// A SkillPodClass's settings in words: durations as minutes, egress as "anywhere on port 443".

export function durationWords(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** One egress rule (CIDR:port) in words. */
export function egressWords(rule: string): string {
  const at = rule.lastIndexOf(":");
  if (at < 0) return rule;
  const cidr = rule.slice(0, at);
  const port = rule.slice(at + 1);
  const where = cidr === "0.0.0.0/0" || cidr === "::/0" ? "anywhere" : cidr;
  return `${where} on port ${port}`;
}
