// Amounts and percentages are computed by the core, exactly, and arrive as strings: the
// interface shows them and never computes with them in floating point. This test fails when a
// source file turns a value into a float, or does arithmetic on an amount field.
import { describe, it, expect } from "vitest";

const sources = import.meta.glob(["./**/*.ts", "./**/*.svelte", "!./**/*.test.ts", "!./**/*.test.svelte.ts", "!./bindings/**", "!./commands.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** Where a float is legitimate, and why. */
const ALLOWED: Record<string, string> = {
  "./lib/BarChart.svelte": "Chart.js draws numbers: the decimal strings become numbers there, only to be drawn",
  "./lib/format.ts": "the day, month and year of a typed date",
  "./baremes/places.ts": "the positions in a field's path (lines[3]), to name the line",
};

const CONVERSIONS = /\b(?:Number|parseFloat|parseInt)\s*\(|\.toFixed\s*\(|\bMath\.round\s*\(/;
const AMOUNT_ARITHMETIC = /\.(?:total|amount|awarded|spent|received|granted|remaining|requested|value)\b\s*[-*/%]|[-*/%]\s*\w+\.(?:total|amount|awarded|spent|received|granted|remaining|requested)\b/;

describe("no floating-point arithmetic over amounts in ui/src", () => {
  it("reads every source file", () => {
    expect(Object.keys(sources)).toContain("./suivi/TableauTab.svelte");
    expect(Object.keys(sources).length).toBeGreaterThan(30);
  });

  it("finds no conversion to a float nor arithmetic on an amount field", () => {
    const found: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      text.split("\n").forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "");
        if (CONVERSIONS.test(code) && !(file in ALLOWED)) found.push(`${file}:${i + 1}: ${line.trim()}`);
        if (AMOUNT_ARITHMETIC.test(code)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("would catch the arithmetic it is there for", () => {
    expect(CONVERSIONS.test("(100 * Number(e.spent)) / Number(e.awarded)")).toBe(true);
    expect(CONVERSIONS.test("value.toFixed(1)")).toBe(true);
    expect(AMOUNT_ARITHMETIC.test("const left = d.awarded - d.spent;")).toBe(true);
    expect(AMOUNT_ARITHMETIC.test("x.amount_fr")).toBe(false);
  });
});
