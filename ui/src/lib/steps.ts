// The wizard's steps and which step each field of the dossier belongs to.
import type { FindingView } from "../ipc";

export const STEPS = [
  { key: "campagne", title: "Campagne et porteur" },
  { key: "grappe", title: "Grappe" },
  { key: "solution", title: "Solution" },
  { key: "financement", title: "Financement" },
  { key: "cibles", title: "Cibles d'usage et pièces" },
  { key: "dossier", title: "Dossier" },
] as const;

export type StepKey = (typeof STEPS)[number]["key"];

/** The step where a field of the dossier (`essms[3].finess_et`) is entered. */
export function stepOf(field: string | null): StepKey {
  if (!field) return "dossier";
  const head = field.split(/[.[]/)[0];
  switch (head) {
    case "name":
    case "campaign":
    case "filing_date":
    case "porteur":
      return "campagne";
    case "ogs":
    case "essms":
      return "grappe";
    case "solution":
    case "choice_justification":
      return "solution";
    case "declared_costs":
    case "centrale_achat":
    case "calendar":
      return "financement";
    case "usage_targets":
    case "checklist":
      return "cibles";
    default:
      return "dossier";
  }
}

/** The blocking findings and warnings about one field (exactly, or a part of it). */
export function findingsFor(findings: FindingView[], field: string): FindingView[] {
  return findings.filter(
    (f) => f.severity !== "info" && f.field !== null && (f.field === field || f.field.startsWith(field + ".")),
  );
}
