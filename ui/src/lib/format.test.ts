import { describe, it, expect } from "vitest";
import { frDate, isoFromFr } from "./format";

describe("dates typed French style", () => {
  it("reads JJ/MM/AAAA and shows ISO dates back the same way", () => {
    expect(isoFromFr("23/11/2026")).toBe("2026-11-23");
    expect(isoFromFr(" 1/2/2027 ")).toBe("2027-02-01");
    expect(frDate("2026-11-23")).toBe("23/11/2026");
  });
  it("refuses what is not a real date", () => {
    for (const text of ["31/02/2026", "23/13/2026", "2026-11-23", "23/11/26", "demain", ""]) expect(isoFromFr(text)).toBeNull();
  });
});
