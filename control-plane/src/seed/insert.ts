// Rows go in as one JSON array per statement (jsonb_to_recordset): thousands of rows per round trip, every
// row through the tables' triggers (state machine, value checks, search vectors), and ON CONFLICT DO
// NOTHING on the seed's own keys so a second run adds nothing.
import type pg from "pg";

export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

/** A table the seed writes: its columns with their SQL types, and columns computed from the row. */
export type TableShape = {
  name: string;
  columns: Record<string, string>;
  /** Column → SQL expression over the record `r`, e.g. updated_at = r.created_at. */
  computed?: Record<string, string>;
  /** The column to return for the rows actually inserted (so follow-up steps touch only new rows). */
  key: string;
  /**
   * The seed's own key: a row already there under it is skipped; any other unique violation (a handle a
   * real user took, say) still fails the run instead of passing silently.
   */
  conflict: string;
};

const timestamp = "timestamptz";

export const tables = {
  users: {
    name: "users",
    conflict: "(email)",
    key: "id",
    columns: {
      id: "uuid",
      email: "text",
      display_name: "text",
      account_type: '"AccountType"',
      roles: "text[]",
      password_hash: "text",
      created_at: timestamp,
    },
    computed: { updated_at: "r.created_at" },
  },
  freelancerProfiles: {
    name: "freelancer_profiles",
    conflict: "(user_id)",
    key: "user_id",
    columns: {
      user_id: "uuid",
      handle: "text",
      headline: "text",
      bio: "text",
      hourly_rate_minor: "bigint",
      currency: "text",
      availability: '"Availability"',
      timezone: "text",
      portfolio_links: "text[]",
      skill_ids: "text[]",
      created_at: timestamp,
    },
    computed: { updated_at: "r.created_at" },
  },
  freelancerSkills: {
    name: "freelancer_skills",
    conflict: "(user_id, skill_id)",
    key: "user_id",
    columns: { user_id: "uuid", skill_id: "text", level: "smallint" },
  },
  clientProfiles: {
    name: "client_profiles",
    conflict: "(user_id)",
    key: "user_id",
    columns: { user_id: "uuid", display_name: "text", company: "text", country: "text" },
  },
  jobs: {
    name: "jobs",
    conflict: "(id)",
    key: "id",
    columns: {
      id: "uuid",
      client_id: "uuid",
      title: "text",
      description: "text",
      category: "text",
      skill_ids: "text[]",
      billing: '"ContractBilling"',
      currency: "text",
      budget_min_minor: "bigint",
      budget_max_minor: "bigint",
      duration: '"JobDuration"',
      visibility: '"JobVisibility"',
      state: '"JobState"',
      workspace_terms: "jsonb",
      published_at: timestamp,
      created_at: timestamp,
    },
    computed: { updated_at: "coalesce(r.published_at, r.created_at)" },
  },
  proposals: {
    name: "proposals",
    conflict: "(job_id, freelancer_id)",
    key: "id",
    columns: {
      id: "uuid",
      job_id: "uuid",
      freelancer_id: "uuid",
      cover_letter: "text",
      bid_minor: "bigint",
      currency: "text",
      state: '"ProposalState"',
      decline_reason: "text",
      created_at: timestamp,
    },
    computed: { updated_at: "r.created_at" },
  },
  proposalMilestones: {
    name: "proposal_milestones",
    conflict: "(proposal_id, position)",
    key: "proposal_id",
    columns: {
      proposal_id: "uuid",
      position: "integer",
      title: "text",
      amount_minor: "bigint",
      due_at: timestamp,
    },
  },
  contracts: {
    name: "contracts",
    conflict: "(id)",
    key: "id",
    columns: {
      id: "text",
      workflow_id: "text",
      client_id: "text",
      freelancer_id: "text",
      title: "text",
      currency: "text",
      billing: '"ContractBilling"',
      hourly_rate_minor: "bigint",
      weekly_limit_minutes: "integer",
      platform_fee_bps: "integer",
      state: "text",
      completed_at: timestamp,
      job_id: "uuid",
      created_at: timestamp,
    },
    computed: { updated_at: "r.completed_at" },
  },
  milestones: {
    name: "milestones",
    conflict: "(id)",
    key: "id",
    columns: {
      id: "text",
      contract_id: "text",
      position: "integer",
      title: "text",
      amount_minor: "bigint",
      due_at: timestamp,
      state: "text",
      submitted_at: timestamp,
      updated_at: timestamp,
    },
  },
  reviews: {
    name: "reviews",
    conflict: "(contract_id, author_id)",
    key: "id",
    columns: {
      id: "uuid",
      contract_id: "text",
      author_id: "uuid",
      subject_id: "uuid",
      rating: "smallint",
      body: "text",
      created_at: timestamp,
    },
  },
} satisfies Record<string, TableShape>;

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

function insertSql(table: TableShape): string {
  const names = Object.keys(table.columns);
  const computed = Object.entries(table.computed ?? {});
  const targets = [...names, ...computed.map(([name]) => name)].map(quote).join(", ");
  const values = [...names.map((n) => `r.${quote(n)}`), ...computed.map(([, expression]) => expression)].join(
    ", ",
  );
  const record = names.map((n) => `${quote(n)} ${table.columns[n]}`).join(", ");
  return `INSERT INTO ${quote(table.name)} (${targets}) SELECT ${values} FROM jsonb_to_recordset($1::jsonb) AS r(${record}) ON CONFLICT ${table.conflict} DO NOTHING RETURNING ${quote(table.key)}::text AS key`;
}

/** Inserts the rows that are not there yet, in chunks; returns the keys of the rows it inserted. */
export async function insertRows(
  db: Queryable,
  table: TableShape,
  rows: readonly object[],
): Promise<string[]> {
  const sql = insertSql(table);
  const inserted: string[] = [];
  for (let start = 0; start < rows.length; start += 2000) {
    const chunk = JSON.stringify(rows.slice(start, start + 2000));
    const result = await db.query<{ key: string }>(sql, [chunk]);
    inserted.push(...result.rows.map((row) => row.key));
  }
  return inserted;
}
