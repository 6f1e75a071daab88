import type { ReactElement } from "react";
import { Skeleton } from "../../../../components/ui";

export default function Loading(): ReactElement {
  return <Skeleton lines={8} label="Loading your notification settings" />;
}
