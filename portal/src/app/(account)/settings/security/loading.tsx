import type { ReactElement } from "react";
import { Skeleton } from "../../../../components/ui";

export default function Loading(): ReactElement {
  return <Skeleton lines={5} label="Loading your sign-in settings" />;
}
