"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, type KeyboardEvent, type ReactElement } from "react";
import type { Suggestions } from "./suggestions/route";

type Option = { id: string; kind: "job" | "skill"; text: string };

const listId = "job-search-suggestions";
const optionId = (i: number): string => `${listId}-${i}`;

/** The search's URL with a chosen skill as a filter in place of the typed words. */
function withSkill(filters: string, skillId: string): string {
  const params = new URLSearchParams(filters);
  ["q", "cursor", "page"].forEach((name) => params.delete(name));
  if (!params.getAll("skills").includes(skillId)) params.append("skills", skillId);
  return `/jobs?${params.toString()}`;
}

function optionsOf(s: Suggestions): Option[] {
  return [
    ...s.skills.map((k) => ({ id: k.id, kind: "skill" as const, text: k.name })),
    ...s.jobs.map((j) => ({ id: j.id, kind: "job" as const, text: j.title })),
  ];
}

/** Suggestions for `q`, asked for once typing pauses; an answer to an older `q` is dropped. */
function useSuggestions(q: string): Option[] {
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    const text = q.trim();
    const controller = new AbortController();
    const timer = setTimeout(() => {
      if (text.length < 2) return setOptions([]);
      fetch(`/jobs/suggestions?q=${encodeURIComponent(text)}`, { signal: controller.signal })
        .then((r) => (r.ok ? (r.json() as Promise<Suggestions>) : { jobs: [], skills: [] }))
        .then((s) => setOptions(optionsOf(s)))
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q]);
  return options;
}

/**
 * The job search box: a combobox (ARIA 1.2, list autocomplete) whose suggestions are skills (adds the skill
 * as a filter) and job titles (opens the job). Enter without a suggestion chosen searches for the text.
 */
export function SearchBox(props: { initial: string; filters: string }): ReactElement {
  const router = useRouter();
  const [q, setQ] = useState(props.initial);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const options = useSuggestions(q);
  const expanded = open && options.length > 0;

  const choose = (option: Option): void => {
    setOpen(false);
    router.push(option.kind === "job" ? `/jobs/${option.id}` : withSkill(props.filters, option.id));
  };
  const move = (by: number): void => {
    setOpen(true);
    setActive((i) => (options.length === 0 ? -1 : (i + by + options.length) % options.length));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Escape: () => (expanded ? setOpen(false) : setQ("")),
      Enter: () => choose(options[active]!),
    };
    if (e.key === "Enter" && !(expanded && active >= 0)) return; // submits the search form
    const handle = keys[e.key];
    if (!handle) return;
    e.preventDefault();
    handle();
  };

  return (
    <div className="mp-combobox">
      <label htmlFor="q">Search jobs</label>
      <input
        id="q"
        name="q"
        className="ui-input"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        placeholder="e.g. kubernetes, react, logo design"
        value={q}
        maxLength={200}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label="Suggestions" className="mp-listbox" hidden={!expanded}>
        {options.map((o, i) => (
          <li
            key={`${o.kind}-${o.id}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className="mp-option"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(o)}
          >
            <span className="mp-option-kind">{o.kind === "job" ? "Job" : "Skill"}</span> {o.text}
          </li>
        ))}
      </ul>
      <p className="visually-hidden" aria-live="polite">
        {expanded ? `${options.length} suggestions. Use the up and down arrows to choose one.` : ""}
      </p>
    </div>
  );
}
