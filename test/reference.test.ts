import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "./support/hub.js";
import { createEnterprise } from "../seeds/factories/reference.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

describe("administrative units", () => {
  it("lists today's five members and the historical units with their successors", async () => {
    const response = await hub.query<{ units: { code: string; isCurrent: boolean; successor: { code: string } | null; validTo: string | null }[] }>(
      `{ units { code isCurrent validTo successor { code } } }`,
    );
    expect(response.errors).toBeUndefined();
    const units = response.data!.units;
    expect(units.filter((unit) => unit.isCurrent).map((unit) => unit.code).sort()).toEqual(["VN-29", "VN-30", "VN-33", "VN-35", "VN-SG"]);
    const konTum = units.find((unit) => unit.code === "VN-28")!;
    expect(konTum).toMatchObject({ isCurrent: false, validTo: "2025-06-30", successor: { code: "VN-29" } });
  });

  it("sorts units in Vietnamese order (Đ after D, Â after A)", async () => {
    const response = await hub.query<{ units: { name: string }[] }>(`{ units(filter: { current: true }) { name } }`);
    expect(response.data!.units.map((unit) => unit.name)).toEqual(["Đắk Lắk", "Gia Lai", "Lâm Đồng", "Quảng Ngãi", "Thành phố Hồ Chí Minh"]);
  });
});

describe("enterprises", () => {
  it("finds an enterprise by name without diacritics, and through a successor province filter", async () => {
    const em = hub.em();
    await createEnterprise(em, { provinceCode: "VN-28", name: "Công ty Cổ phần Sâm Ngọc Linh Kon Tum" });
    await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty TNHH Cà phê Buôn Ma Thuột" });

    const search = await hub.query<{ enterprises: { totalCount: number; nodes: { name: string }[] } }>(
      `{ enterprises(filter: { search: "sam ngoc linh" }) { totalCount nodes { name } } }`,
    );
    expect(search.errors).toBeUndefined();
    expect(search.data!.enterprises.nodes.map((node) => node.name)).toEqual(["Công ty Cổ phần Sâm Ngọc Linh Kon Tum"]);

    const successor = await hub.query<{ enterprises: { nodes: { name: string; province: { code: string } }[] } }>(
      `{ enterprises(filter: { province: { codes: ["VN-29"] } }) { nodes { name province { code } } } }`,
    );
    expect(successor.data!.enterprises.nodes).toEqual([{ name: "Công ty Cổ phần Sâm Ngọc Linh Kon Tum", province: { code: "VN-28" } }]);

    const onlyOwn = await hub.query<{ enterprises: { totalCount: number } }>(
      `{ enterprises(filter: { province: { codes: ["VN-29"], includePredecessors: false } }) { totalCount } }`,
    );
    expect(onlyOwn.data!.enterprises.totalCount).toBe(0);
  });

  it("rejects an unknown province code with BAD_USER_INPUT", async () => {
    const response = await hub.query(`{ enterprises(filter: { province: { codes: ["VN-99"] } }) { totalCount } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("pages with cursors, without gaps or repeats, and resolves node(id)", async () => {
    const em = hub.em();
    for (let i = 0; i < 5; i += 1) await createEnterprise(em, { provinceCode: "VN-35", name: `Hợp tác xã Rau Đà Lạt ${i}` });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data?: { enterprises: { edges: { cursor: string; node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } =
        await hub.query(
          `query Page($after: String) { enterprises(first: 2, after: $after, filter: { province: { codes: ["VN-35"] } }) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
      seen.push(...page.data!.enterprises.edges.map((edge) => edge.node.name));
      if (!page.data!.enterprises.pageInfo.hasNextPage) break;
      after = page.data!.enterprises.pageInfo.endCursor;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `Hợp tác xã Rau Đà Lạt ${i}`));

    const first = await hub.query<{ enterprises: { nodes: { id: string; name: string }[] } }>(
      `{ enterprises(first: 1, filter: { province: { codes: ["VN-35"] } }) { nodes { id name } } }`,
    );
    const id = first.data!.enterprises.nodes[0]!.id;
    const node = await hub.query<{ node: { __typename: string; name: string } | null }>(`query N($id: ID!) { node(id: $id) { __typename ... on Enterprise { name } } }`, { id });
    expect(node.data!.node).toEqual({ __typename: "Enterprise", name: "Hợp tác xã Rau Đà Lạt 0" });
    const missing = await hub.query<{ node: null }>(`{ node(id: "bm9wZTox") { id } }`);
    expect(missing.data!.node).toBeNull();
  });

  it("refuses a page larger than the maximum", async () => {
    const response = await hub.query(`{ enterprises(first: 101) { totalCount } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("nested connections", () => {
  it("pages a province's enterprises with after, in one statement per level whatever the number of provinces", async () => {
    const em = hub.em();
    for (const name of ["Công ty Gia Lai A", "Công ty Gia Lai B", "Công ty Gia Lai C"]) await createEnterprise(em, { provinceCode: "VN-30", name });
    const firstPage = await hub.query<{ unit: { enterprises: { totalCount: number; nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }>(
      `{ unit(code: "VN-30") { enterprises(first: 2) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } } }`,
    );
    expect(firstPage.data!.unit.enterprises).toMatchObject({ totalCount: 3, nodes: [{ name: "Công ty Gia Lai A" }, { name: "Công ty Gia Lai B" }], pageInfo: { hasNextPage: true } });
    const next = await hub.query<{ unit: { enterprises: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean } } } }>(
      `query Next($after: String) { unit(code: "VN-30") { enterprises(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage } } } }`,
      { after: firstPage.data!.unit.enterprises.pageInfo.endCursor },
    );
    expect(next.data!.unit.enterprises).toEqual({ nodes: [{ name: "Công ty Gia Lai C" }], pageInfo: { hasNextPage: false } });
  });
});

describe("edge cases of lists", () => {
  it("answers first: 0 with the total and whether records exist", async () => {
    const response = await hub.query<{ enterprises: { totalCount: number; nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>(
      `{ enterprises(first: 0) { totalCount nodes { name } pageInfo { hasNextPage } } }`,
    );
    expect(response.data!.enterprises.nodes).toEqual([]);
    expect(response.data!.enterprises.totalCount).toBeGreaterThan(0);
    expect(response.data!.enterprises.pageInfo.hasNextPage).toBe(true);
  });

  it.each([
    ["an empty province list", `{ enterprises(filter: { province: { codes: [] } }) { totalCount } }`],
    ["a VSIC prefix that is not digits", `{ enterprises(filter: { vsicPrefixes: ["x"] }) { totalCount } }`],
    ["a cursor holding something other than sort values", `{ enterprises(after: "${Buffer.from(JSON.stringify([["a"], 1])).toString("base64url")}") { totalCount } }`],
  ])("refuses %s with BAD_USER_INPUT", async (_, query) => {
    const response = await hub.query(query);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("pages NEWEST without losing records created in the same instant", async () => {
    const em = hub.em();
    const names = ["Cùng lúc 1", "Cùng lúc 2", "Cùng lúc 3", "Cùng lúc 4", "Cùng lúc 5"];
    for (const name of names) await createEnterprise(em, { provinceCode: "VN-SG", name });
    await em.getConnection().execute("update enterprise set created_at = '2026-01-01 00:00:00.123456+00' where name like 'Cùng lúc%'");
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { data?: { enterprises: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } = await hub.query(
        `query P($after: String) { enterprises(orderBy: NEWEST, first: 2, after: $after, filter: { search: "cung luc" }) { nodes { name } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...page.data!.enterprises.nodes.map((node) => node.name));
      after = page.data!.enterprises.pageInfo.hasNextPage ? page.data!.enterprises.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([...names].reverse());
  });
});
