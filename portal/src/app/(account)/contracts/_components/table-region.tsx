import type { CSSProperties, ReactElement, ReactNode } from "react";

/** A table that scrolls sideways on a narrow screen: focusable and named, so a keyboard can scroll it too. */
export function TableRegion(props: {
  label: string;
  children: ReactNode;
  style?: CSSProperties;
}): ReactElement {
  return (
    <div
      className="ui-table-wrap money-table"
      role="region"
      aria-label={props.label}
      tabIndex={0}
      style={props.style}
    >
      {props.children}
    </div>
  );
}
