import { describe, it, expect } from "vitest";
import { amountField, compareDecimal, frDate, isoFromFr } from "./format";

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

describe("amounts compared exactly", () => {
  it("orders decimal strings as the amounts they are, where floats would tie", () => {
    expect(compareDecimal("9.99", "10.00")).toBeLessThan(0);
    expect(compareDecimal("460333.33", "460333.3")).toBeGreaterThan(0);
    expect(compareDecimal("-120.50", "3.00")).toBeLessThan(0);
    expect(compareDecimal("-120.50", "-99.99")).toBeLessThan(0);
    expect(compareDecimal("5.00", "-5.00")).toBeGreaterThan(0);
    expect(compareDecimal("12.50", "12.5")).toBe(0);
    expect(compareDecimal("0", "0.00")).toBe(0);
    expect(compareDecimal("9007199254740993.01", "9007199254740993.00")).toBeGreaterThan(0);
  });
});

describe("amounts in fields", () => {
  it("shows Rust's decimal strings French style, digits grouped, without floats", () => {
    expect(amountField("60000.00")).toBe("60 000,00");
    expect(amountField("33333.33")).toBe("33 333,33");
    expect(amountField("999")).toBe("999");
    expect(amountField("1234567890123.45")).toBe("1 234 567 890 123,45");
    expect(amountField(null)).toBe("");
  });
});
