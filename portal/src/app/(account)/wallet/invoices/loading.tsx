import type { ReactElement } from "react";
import { Skeleton } from "../../../../components/ui";

export default function InvoicesLoading(): ReactElement {
  return <Skeleton lines={5} label="Loading your invoices" />;
}
