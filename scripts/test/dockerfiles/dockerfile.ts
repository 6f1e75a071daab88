// A Dockerfile read the way BuildKit reads it, as far as our image rules need: continuation lines joined,
// comments and parser directives dropped, instructions grouped into build stages with their flags
// (--from=, --chown=) and exec-form arguments. Heredocs are not supported (our Dockerfiles use none).

export type Instruction = {
  /** Upper case, e.g. COPY. */
  keyword: string;
  /** Leading `--name=value` flags, e.g. { from: "build", chown: "0:0" }. */
  flags: Record<string, string>;
  /** The arguments after the flags, continuation lines joined. */
  args: string;
  /** The JSON (exec) form's array, when the arguments are one. */
  exec?: string[];
  /** 1-based line where the instruction starts. */
  line: number;
};

export type Stage = {
  index: number;
  /** `FROM … AS name`. */
  name?: string;
  /** The FROM reference as written, e.g. ${NODE_IMAGE} or build. */
  from: string;
  instructions: Instruction[];
};

export type Dockerfile = {
  /** Comment lines before the first instruction, without their `#`. */
  header: string[];
  /** ARGs before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
};

type Line = { text: string; line: number };

/** Logical lines: `\` continuations joined, comment lines (also inside a continuation) dropped. */
function logicalLines(text: string): { lines: Line[]; header: string[] } {
  const lines: Line[] = [];
  const header: string[] = [];
  let pending: Line | undefined;
  text.split("\n").forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#")) {
      if (pending === undefined && lines.length === 0) header.push(trimmed.replace(/^#\s?/, ""));
      return;
    }
    if (trimmed === "" && pending === undefined) return;
    const continued = /\\\s*$/.test(raw);
    const part = raw.replace(/\\\s*$/, "").trim();
    pending = pending ? { text: `${pending.text} ${part}`, line: pending.line } : { text: part, line: i + 1 };
    if (!continued) {
      lines.push(pending);
      pending = undefined;
    }
  });
  if (pending) lines.push(pending);
  return { lines, header };
}

function parseExec(args: string): string[] | undefined {
  if (!args.startsWith("[")) return undefined;
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;
  } catch {
    return undefined;
  }
}

function parseInstruction({ text, line }: Line): Instruction {
  const [keyword = "", rest = ""] = text.split(/\s+(.*)/s);
  const flags: Record<string, string> = {};
  let args = rest.trim();
  for (
    let flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(args);
    flag;
    flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(args)
  ) {
    flags[flag[1] ?? ""] = flag[2] ?? "";
    args = args.slice(flag[0].length);
  }
  const exec = parseExec(args);
  return { keyword: keyword.toUpperCase(), flags, args, line, ...(exec ? { exec } : {}) };
}

/** Splits `KEY=value KEY2="quoted value"` (LABEL, ENV, ARG) into pairs; a bare KEY has no value. */
export function keyValues(args: string): Map<string, string | undefined> {
  const pairs = new Map<string, string | undefined>();
  for (const m of args.matchAll(/([\w.-]+)(?:=("(?:[^"\\]|\\.)*"|\S*))?/g)) {
    const raw = m[2];
    const value = raw?.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    pairs.set(m[1] ?? "", value);
  }
  return pairs;
}

export function parseDockerfile(text: string): Dockerfile {
  const { lines, header } = logicalLines(text);
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  for (const instruction of lines.map(parseInstruction)) {
    const current = stages.at(-1);
    if (instruction.keyword === "FROM") {
      const [from = "", as, name] = instruction.args.split(/\s+/);
      const named = as?.toUpperCase() === "AS" && name ? { name } : {};
      stages.push({ index: stages.length, from, instructions: [], ...named });
    } else if (current) {
      current.instructions.push(instruction);
    } else if (instruction.keyword === "ARG") {
      for (const [key, value] of keyValues(instruction.args)) globalArgs.set(key, value);
    }
  }
  return { header, globalArgs, stages };
}

/** `${NAME}` and `$NAME` replaced from `values` (unknown names are left as written). */
export function substitute(text: string, values: Map<string, string | undefined>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const value = values.get(braced ?? bare ?? "");
    return value ?? whole;
  });
}

/** The instructions of a stage with the given keyword. */
export function ofKind(stage: Stage | undefined, keyword: string): Instruction[] {
  return stage?.instructions.filter((i) => i.keyword === keyword) ?? [];
}

/** COPY's sources and destination (exec or shell form). */
export function copyParts(instruction: Instruction): { sources: string[]; dest: string } {
  const words = instruction.exec ?? instruction.args.split(/\s+/).filter(Boolean);
  return { sources: words.slice(0, -1), dest: words.at(-1) ?? "" };
}
