/** `2026-11-23` → `23/11/2026` (dates come from Rust as ISO strings). */
export const frDate = (iso: string | null) => (iso ? iso.split("-").reverse().join("/") : "");

/** `23/11/2026` (four-digit year) → `2026-11-23`; null when it is not a real date (31/02/2026). */
export function isoFromFr(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${m[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Orders two amounts sent by Rust as decimal strings (`"460333.33"`, `"-120.50"`) exactly,
 * without turning them into floating-point numbers. */
export function compareDecimal(a: string, b: string): number {
  // A negative amount (an enveloppe spent over its award leaves a negative remainder).
  const [na, nb] = [a.trim().startsWith("-"), b.trim().startsWith("-")];
  if (na !== nb) return na ? -1 : 1;
  if (na) return compareDecimal(b.trim().slice(1), a.trim().slice(1));
  const parts = (d: string) => {
    const [int, frac = ""] = d.trim().split(".");
    return [int.replace(/^0+(?=\d)/, ""), frac.replace(/0+$/, "")];
  };
  const [[ai, af], [bi, bf]] = [parts(a), parts(b)];
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const [x, y] = [af.padEnd(width, "0"), bf.padEnd(width, "0")];
  return x === y ? 0 : x < y ? -1 : 1;
}

/** A decimal string from Rust (`"60000.00"`) as it is typed in a field, French style
 * (`60 000,00`): digits grouped by three with a space, a decimal comma. No float involved. */
export function amountField(value: string | null): string {
  if (!value) return "";
  const [int, frac] = value.split(".");
  const sign = int.startsWith("-") ? "-" : "";
  const digits = int.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${sign}${digits}${frac !== undefined ? `,${frac}` : ""}`;
}
