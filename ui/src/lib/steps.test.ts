import { describe, it, expect } from "vitest";
import { stepOf, findingsFor } from "./steps";
import type { FindingView } from "../ipc";

describe("a finding leads to the step of its field", () => {
  it.each([
    ["name", "campagne"],
    ["filing_date", "campagne"],
    ["porteur", "campagne"],
    ["essms[3].finess_et", "grappe"],
    ["ogs[0].name", "grappe"],
    ["solution.referencement", "solution"],
    ["choice_justification", "solution"],
    ["declared_costs.amoa", "financement"],
    ["calendar.project_start", "financement"],
    ["usage_targets[1].target", "cibles"],
    ["checklist[0].attached", "cibles"],
    [null, "dossier"],
  ])("%s → %s", (field, step) => expect(stepOf(field)).toBe(step));

  it("a field shows its own findings and its parts', not its neighbours'", () => {
    const f = (field: string | null, severity = "blocking") => ({ field, severity, severity_label: "", rule: "R", message: String(field) }) as FindingView;
    const all = [f("essms[3].finess_et"), f("essms[3]"), f("essms[30].finess_et"), f("essms[3].category", "info"), f(null)];
    expect(findingsFor(all, "essms[3]").map((x) => x.message)).toEqual(["essms[3].finess_et", "essms[3]"]);
  });
});
