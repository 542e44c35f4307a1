/** `2026-11-23` → `23/11/2026` (dates come from Rust as ISO strings). */
export const frDate = (iso: string | null) => (iso ? iso.split("-").reverse().join("/") : "");
