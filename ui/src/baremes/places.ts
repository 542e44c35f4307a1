// Where a problem of a barème is, said as the editor names its fields.
import type { Bareme } from "../ipc";

const LINE_FIELDS: Record<string, string> = { rule: "règle", label: "libellé", amount: "montant unitaire", situation: "situation", capped_by: "plafond", payment: "échéancier", requires: "conditions" };
const WINDOW_FIELDS: Record<string, string> = { rule: "règle", label: "libellé", from: "ouverture", to: "clôture", channel: "canal" };
const TOP: Record<string, string> = {
  campaign: "Campagne (identifiant)", version: "Version", title: "Titre", source: "Source des montants",
  "thresholds.grappe_min_essms.metropole": "ESSMS minimum d'une grappe (métropole)",
  "thresholds.grappe_min_essms.corse_outre_mer": "ESSMS minimum d'une grappe (Corse, outre-mer)",
  "thresholds.small_og_below.metropole": "Petit OG (métropole)",
  "thresholds.small_og_below.corse_outre_mer": "Petit OG (Corse, outre-mer)",
  "thresholds.national_from_essms.value": "AAP national à partir de … ESSMS",
};

/** A problem's place in barème `b`, as the editor's form names it: « Ligne 3 (« Éditeur… ») —
 * montant unitaire », never its path (`lines[2].amount`). */
export function placeOf(path: string, b: Bareme): string {
  if (TOP[path]) return TOP[path];
  let m = /^lines\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) {
    const i = Number(m[1]);
    return `Ligne ${i + 1}${b.lines[i] ? ` (« ${b.lines[i].label} »)` : ""}${m[2] ? ` — ${LINE_FIELDS[m[2]] ?? m[2]}` : ""}`;
  }
  m = /^schedules\[(\d+)\](?:\.tranches(?:\[(\d+)\])?)?(?:\.(\w+))?/.exec(path);
  if (m) {
    const s = b.schedules[Number(m[1])];
    return `Échéancier « ${s?.id ?? Number(m[1]) + 1} »${m[2] !== undefined ? `, tranche ${Number(m[2]) + 1}` : ""}${m[3] === "share" ? " — part" : m[3] === "rule" ? " — règle" : ""}`;
  }
  m = /^windows\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) {
    const i = Number(m[1]);
    return `Fenêtre ${i + 1}${b.windows[i] ? ` (« ${b.windows[i].label} »)` : ""}${m[2] ? ` — ${WINDOW_FIELDS[m[2]] ?? m[2]}` : ""}`;
  }
  return path;
}
