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
