import type { ReactElement } from "react";
import type { Problem } from "../../../api/problem";
import { fieldError } from "../../../components/ui";
import { CheckboxField } from "../../../components/marketplace/checkbox-field";
import { categories } from "../../../components/marketplace/labels";

export type Skill = { id: string; name: string; category: string };

/** The skills a job needs, ticked from the vocabulary, grouped by category (groups with a tick start open). */
export function SkillPicker(props: {
  skills: Skill[];
  chosen: string[];
  problem: Problem | undefined;
}): ReactElement {
  const error = fieldError(props.problem, "skills");
  return (
    <fieldset className="mp-fieldset" aria-describedby={error ? "skills-error" : "skills-hint"}>
      <legend>Skills</legend>
      <p id="skills-hint" className="ui-hint">
        Up to 15. Freelancers with these skills see the job among their matches.
      </p>
      {error ? (
        <p id="skills-error" className="ui-field-error">
          Skills {error}
        </p>
      ) : null}
      <div className="mp-skill-groups">
        {categories.map(([category, label]) => {
          const inGroup = props.skills.filter((s) => s.category === category);
          const ticked = inGroup.filter((s) => props.chosen.includes(s.id)).length;
          return (
            <details key={category} open={ticked > 0}>
              <summary>
                {label}
                {ticked > 0 ? ` (${ticked} chosen)` : ""}
              </summary>
              {inGroup.map((s) => (
                <CheckboxField
                  key={s.id}
                  id={`skill-${s.id}`}
                  name="skills"
                  value={s.id}
                  label={s.name}
                  defaultChecked={props.chosen.includes(s.id)}
                />
              ))}
            </details>
          );
        })}
      </div>
    </fieldset>
  );
}
