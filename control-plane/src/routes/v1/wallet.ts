import type { Static } from "typebox";
import { WalletClient } from "@skillpod/contracts-client";
import type { LiveEvent } from "@skillpod/live-events";
import type { ControlPlaneConfig } from "../../config.js";
import {
  depositMoney,
  ownMoneyRequest,
  waitFromPrefer,
  walletBalances,
  walletTransactions,
  walletTransactionsCsv,
  withdrawMoney,
  type MoneyOutcome,
  type MoneyRequest,
  type WalletDeps,
} from "../../wallet/index.js";
import { limitOf } from "./proposal-schemas.js";
import { type TypedApp, bearer, callerId, clients, errors, freelancers, signedIn } from "./typed-app.js";
import type { walletTransactionPageSchema } from "./wallet-schemas.js";
import {
  depositBody,
  depositIdParams,
  depositSchema,
  idempotencyKeyOf,
  moneyRequestHeaders,
  walletSchema,
  walletTransactionsResponse,
  walletTransactionsQuery,
  withdrawalBody,
  withdrawalIdParams,
  withdrawalSchema,
} from "./wallet-schemas.js";

const tags = ["wallet"];

type DepositView = Static<typeof depositSchema>;
type WithdrawalView = Static<typeof withdrawalSchema>;

const common = (request: MoneyRequest): Omit<WithdrawalView, "providerPayoutId"> => ({
  id: request.id,
  state: request.state,
  amount: request.amount,
  provider: request.provider,
  failureCode: request.failureCode,
  createdAt: request.createdAt.toISOString(),
  completedAt: request.completedAt?.toISOString() ?? null,
});

const depositView = (request: MoneyRequest): DepositView => ({
  ...common(request),
  paymentMethod: request.paymentMethod ?? "sandbox",
  providerChargeId: request.providerReference,
});

const withdrawalView = (request: MoneyRequest): WithdrawalView => ({
  ...common(request),
  providerPayoutId: request.providerReference,
});

/** 201 for the request that made it, 200 for a replay, 202 while its workflow has not ended. */
const statusOf = (outcome: MoneyOutcome): 200 | 201 | 202 =>
  outcome.request.state === "PENDING" ? 202 : outcome.created ? 201 : 200;

function depositRoutes(app: TypedApp, deps: WalletDeps): void {
  app.post(
    "/v1/wallet/deposits",
    {
      config: { access: clients },
      schema: {
        tags,
        summary: "Add money to the caller's wallet through the payment provider (once per Idempotency-Key)",
        description:
          "Waits up to 10 s for the charge: 201 with the deposit SUCCEEDED (200 for a retry), 202 while it is " +
          "PENDING (read it at GET /v1/wallet/deposits/{depositId}), 402 SKP_DEPOSIT_DECLINED when declined.",
        security: bearer,
        headers: moneyRequestHeaders,
        body: depositBody,
        response: {
          200: depositSchema,
          201: depositSchema,
          202: depositSchema,
          ...errors(400, 401, 402, 403, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const outcome = await depositMoney(
        deps,
        {
          userId: callerId(request),
          idempotencyKey: idempotencyKeyOf(request.headers["idempotency-key"]),
          amount: request.body.amount,
          paymentMethod: request.body.paymentMethod ?? "sandbox",
        },
        waitFromPrefer(request.headers.prefer),
      );
      if (outcome.created)
        request.log.info({ depositId: outcome.request.id }, `Created deposit ${outcome.request.id}`);
      return reply.code(statusOf(outcome)).send(depositView(outcome.request));
    },
  );

  app.get(
    "/v1/wallet/deposits/:depositId",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "One of the caller's deposits",
        security: bearer,
        params: depositIdParams,
        response: { 200: depositSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) =>
      depositView(await ownMoneyRequest(deps.pool, "deposit", callerId(request), request.params.depositId)),
  );
}

function withdrawalRoutes(app: TypedApp, deps: WalletDeps): void {
  app.post(
    "/v1/wallet/withdrawals",
    {
      config: { access: freelancers },
      schema: {
        tags,
        summary: "Pay the caller's payable funds out through the payment provider (once per Idempotency-Key)",
        description:
          "201 SUCCEEDED (200 for a retry), 202 while PENDING, 402 SKP_INSUFFICIENT_FUNDS when payable funds " +
          "do not cover it, 402 SKP_WITHDRAWAL_DECLINED when the provider declines (the funds stay payable).",
        security: bearer,
        headers: moneyRequestHeaders,
        body: withdrawalBody,
        response: {
          200: withdrawalSchema,
          201: withdrawalSchema,
          202: withdrawalSchema,
          ...errors(400, 401, 402, 403, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const outcome = await withdrawMoney(
        deps,
        {
          userId: callerId(request),
          idempotencyKey: idempotencyKeyOf(request.headers["idempotency-key"]),
          amount: request.body.amount,
        },
        waitFromPrefer(request.headers.prefer),
      );
      if (outcome.created)
        request.log.info({ withdrawalId: outcome.request.id }, `Created withdrawal ${outcome.request.id}`);
      return reply.code(statusOf(outcome)).send(withdrawalView(outcome.request));
    },
  );

  app.get(
    "/v1/wallet/withdrawals/:withdrawalId",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "One of the caller's withdrawals",
        security: bearer,
        params: withdrawalIdParams,
        response: { 200: withdrawalSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) =>
      withdrawalView(
        await ownMoneyRequest(deps.pool, "withdrawal", callerId(request), request.params.withdrawalId),
      ),
  );
}

function balanceRoutes(app: TypedApp, deps: WalletDeps): void {
  app.get(
    "/v1/wallet",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "The caller's money per currency: available, in escrow, payable and paid out",
        security: bearer,
        response: { 200: walletSchema, ...errors(401) },
      },
    },
    async (request) => ({ balances: await walletBalances(deps.pool, callerId(request)) }),
  );

  app.get(
    "/v1/wallet/transactions",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary:
          "The caller's ledger entries (wallet and payable), newest first; ?format=csv exports them all",
        security: bearer,
        querystring: walletTransactionsQuery,
        response: { 200: walletTransactionsResponse, ...errors(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const userId = callerId(request);
      if (request.query.format === "csv") {
        return (
          reply
            .type("text/csv; charset=utf-8")
            .header("content-disposition", 'attachment; filename="wallet-transactions.csv"')
            // A stream is sent as it is (no serializer); the 200 schema describes the JSON form only.
            .send(
              walletTransactionsCsv(deps.pool, userId) as unknown as Static<
                typeof walletTransactionPageSchema
              >,
            )
        );
      }
      return walletTransactions(deps.pool, userId, {
        ...(request.query.cursor === undefined ? {} : { cursor: request.query.cursor }),
        limit: limitOf(request.query.limit, 100),
      });
    },
  );
}

/** Routes of the wallet capability (src/wallet/). */
export async function walletRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  void config;
  const deps: WalletDeps = {
    pool: app.pg,
    wallet: new WalletClient({ client: app.temporal, paymentsTaskQueue: app.taskQueues.payments }),
    publishLive: (userIds: readonly string[], event: LiveEvent) => app.publishLive(userIds, event),
  };
  depositRoutes(app, deps);
  withdrawalRoutes(app, deps);
  balanceRoutes(app, deps);
  return Promise.resolve();
}
