-- CreateEnum
CREATE TYPE "ContractBilling" AS ENUM ('FIXED', 'HOURLY');

-- CreateEnum
CREATE TYPE "LedgerAccountKind" AS ENUM ('EXTERNAL', 'CLIENT_WALLET', 'ESCROW', 'PLATFORM_FEES', 'FREELANCER_PAYABLE');

-- CreateTable
CREATE TABLE "contracts" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "freelancer_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "billing" "ContractBilling" NOT NULL DEFAULT 'FIXED',
    "hourly_rate_minor" BIGINT,
    "weekly_limit_minutes" INTEGER,
    "platform_fee_bps" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contracts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "milestones" (
    "id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "due_at" TIMESTAMPTZ(3),
    "state" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "milestones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_accounts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "LedgerAccountKind" NOT NULL,
    "owner_ref" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "balance_minor" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_transactions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "idempotency_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "contract_id" TEXT,
    "milestone_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "transaction_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount_minor" BIGINT NOT NULL,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payouts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "milestone_id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "freelancer_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "gross_minor" BIGINT NOT NULL,
    "fee_minor" BIGINT NOT NULL,
    "net_minor" BIGINT NOT NULL,
    "state" TEXT NOT NULL,
    "provider" TEXT,
    "provider_payout_id" TEXT,
    "failure_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paid_at" TIMESTAMPTZ(3),

    CONSTRAINT "payouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspaces" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contract_id" TEXT NOT NULL,
    "milestone_id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "endpoint" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "ready_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_records" (
    "id" BIGSERIAL NOT NULL,
    "contract_id" TEXT NOT NULL,
    "skillpod_uid" TEXT NOT NULL,
    "skillpod_name" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "running_seconds" INTEGER NOT NULL,

    CONSTRAINT "usage_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_cursors" (
    "skillpod_uid" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "running_seconds" INTEGER NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_cursors_pkey" PRIMARY KEY ("skillpod_uid")
);

-- CreateTable
CREATE TABLE "invoice_lines" (
    "id" BIGSERIAL NOT NULL,
    "contract_id" TEXT NOT NULL,
    "week_start" DATE NOT NULL,
    "metered_minutes" INTEGER NOT NULL,
    "billable_minutes" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "capped" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_exports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "requested_by" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL,
    "path" TEXT,
    "row_count" INTEGER,
    "sha256" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "audit_exports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contracts_workflow_id_key" ON "contracts"("workflow_id");

-- CreateIndex
CREATE INDEX "contracts_client_id_idx" ON "contracts"("client_id");

-- CreateIndex
CREATE INDEX "contracts_freelancer_id_idx" ON "contracts"("freelancer_id");

-- CreateIndex
CREATE UNIQUE INDEX "milestones_contract_id_position_key" ON "milestones"("contract_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_kind_owner_ref_currency_key" ON "ledger_accounts"("kind", "owner_ref", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_id_currency_key" ON "ledger_accounts"("id", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transactions_idempotency_key_key" ON "ledger_transactions"("idempotency_key");

-- CreateIndex
CREATE INDEX "ledger_transactions_contract_id_idx" ON "ledger_transactions"("contract_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transactions_id_currency_key" ON "ledger_transactions"("id", "currency");

-- CreateIndex
CREATE INDEX "ledger_entries_transaction_id_idx" ON "ledger_entries"("transaction_id");

-- CreateIndex
CREATE INDEX "ledger_entries_account_id_idx" ON "ledger_entries"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "payouts_milestone_id_key" ON "payouts"("milestone_id");

-- CreateIndex
CREATE INDEX "payouts_contract_id_idx" ON "payouts"("contract_id");

-- CreateIndex
CREATE UNIQUE INDEX "workspaces_milestone_id_key" ON "workspaces"("milestone_id");

-- CreateIndex
CREATE UNIQUE INDEX "workspaces_namespace_name_key" ON "workspaces"("namespace", "name");

-- CreateIndex
CREATE INDEX "usage_records_contract_id_period_end_idx" ON "usage_records"("contract_id", "period_end");

-- CreateIndex
CREATE UNIQUE INDEX "usage_records_skillpod_uid_period_end_key" ON "usage_records"("skillpod_uid", "period_end");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_lines_contract_id_week_start_key" ON "invoice_lines"("contract_id", "week_start");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at");

-- AddForeignKey
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_currency_fkey" FOREIGN KEY ("transaction_id", "currency") REFERENCES "ledger_transactions"("id", "currency") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_currency_fkey" FOREIGN KEY ("account_id", "currency") REFERENCES "ledger_accounts"("id", "currency") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------
-- Ledger invariants, enforced by the database so that no code path (or hand-written SQL) can break them.
-- They are triggers rather than CHECK constraints and deferred constraint triggers because Prisma 6.19's
-- JavaScript schema engine crashes ("RuntimeError: unreachable") introspecting either, which would break
-- `migrate diff` and `migrate dev`.
-- ---------------------------------------------------------------------------------------------------------

-- Balances follow the entries, and only EXTERNAL (money outside the platform) may go below zero: an
-- overdrawn escrow, wallet, payable or fee account fails the insert. SECURITY DEFINER so that the app role,
-- which may not UPDATE ledger_accounts, still moves balances through entries.
CREATE FUNCTION ledger_entries_apply_balance() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public AS $$
DECLARE
  account record;
BEGIN
  IF NEW."amount_minor" = 0 THEN
    RAISE EXCEPTION 'ledger entry amounts are never zero' USING ERRCODE = 'check_violation';
  END IF;
  UPDATE "ledger_accounts" SET "balance_minor" = "balance_minor" + NEW."amount_minor"
    WHERE "id" = NEW."account_id" RETURNING "kind", "balance_minor", "owner_ref" INTO account;
  IF account."kind" <> 'EXTERNAL' AND account."balance_minor" < 0 THEN
    RAISE EXCEPTION 'ledger account % % would go negative (%)', account."kind", account."owner_ref", account."balance_minor"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_accounts_balance_not_negative';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER ledger_entries_apply_balance
  AFTER INSERT ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_apply_balance();

-- Double entry: after each INSERT statement, every transaction it touched sums to zero over all its entries
-- and has at least two. The ledger writes a transaction's entries in one statement.
CREATE FUNCTION ledger_transactions_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unbalanced record;
BEGIN
  SELECT e."transaction_id", SUM(e."amount_minor") AS total, COUNT(*) AS entry_count INTO unbalanced
    FROM "ledger_entries" e
    WHERE e."transaction_id" IN (SELECT DISTINCT "transaction_id" FROM inserted)
    GROUP BY e."transaction_id"
    HAVING SUM(e."amount_minor") <> 0 OR COUNT(*) < 2
    LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries summing to %',
      unbalanced."transaction_id", unbalanced.entry_count, unbalanced.total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transactions_balanced';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_transactions_balanced
  AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_transactions_balanced();

-- History is never rewritten: corrections are new, reversing transactions.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON "ledger_transactions"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON "ledger_transactions"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- An account's kind, owner and currency never change, and accounts are never deleted.
CREATE FUNCTION ledger_accounts_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW."kind" <> OLD."kind" OR NEW."owner_ref" <> OLD."owner_ref" OR NEW."currency" <> OLD."currency" THEN
    RAISE EXCEPTION 'ledger_accounts: % of an account is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER ledger_accounts_identity_fixed BEFORE UPDATE OR DELETE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION ledger_accounts_identity_fixed();

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'skillpod_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON "ledger_entries", "ledger_transactions", "ledger_accounts" FROM skillpod_app;
  END IF;
END $$;
