import Link from "next/link";
import type { ButtonHTMLAttributes, ReactElement, ReactNode } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

export function Button({
  variant = "primary",
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }): ReactElement {
  return <button {...props} type={type} className="ui-button" data-variant={variant} />;
}

export function LinkButton(props: {
  href: string;
  variant?: ButtonVariant;
  children: ReactNode;
}): ReactElement {
  return (
    <Link href={props.href} className="ui-button" data-variant={props.variant ?? "primary"}>
      {props.children}
    </Link>
  );
}
