import { describe, expect, it } from "vitest";
import { OidAliasingClient, aliasFieldTypes, poolConfigFromUrl } from "./postgres-adapter.js";

describe("aliasFieldTypes", () => {
  it('reads name and "char" (and their arrays) as text and text[], leaving other types alone', () => {
    const fields = [18, 19, 1002, 1003, 25, 23, 2950, 16_500].map((dataTypeID) => ({ dataTypeID }));
    aliasFieldTypes(fields);
    expect(fields.map((field) => field.dataTypeID)).toEqual([25, 25, 1009, 1009, 25, 23, 2950, 16_500]);
  });
});

describe("poolConfigFromUrl", () => {
  it("passes separate connection fields, never a connectionString", () => {
    const config = poolConfigFromUrl(
      "postgresql://sk%40user:p%2Fss@db.internal:5433/skillpod_test?sslmode=disable",
    );
    expect(config).toMatchObject({
      user: "sk@user",
      password: "p/ss",
      host: "db.internal",
      port: 5433,
      database: "skillpod_test",
      Client: OidAliasingClient,
      allowExitOnIdle: true,
    });
    expect(config.connectionString).toBeUndefined();
  });
});
