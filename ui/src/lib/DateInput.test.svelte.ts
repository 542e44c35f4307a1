import { describe, it, expect } from "vitest";
import { mount, unmount } from "svelte";
import DateInput from "./DateInput.svelte";
import { tick } from "./testing";


describe("a date typed French style", () => {
  it("keeps the typed text and the last valid date while the text is not a date", async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const props = $state({ value: "2026-11-23" as string | null, id: "d", label: "Date de dépôt", field: "filing_date" });
    const app = mount(DateInput, { target: document.getElementById("app")!, props });
    const input = document.querySelector<HTMLInputElement>("#d")!;
    expect(input.value).toBe("23/11/2026");

    input.value = "31/02/2026";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await tick();
    expect(document.querySelector('[role="alert"]')?.textContent).toBe("« 31/02/2026 » n'est pas une date (JJ/MM/AAAA attendu)");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.value).toBe("31/02/2026");
    expect(props.value).toBe("2026-11-23");

    input.value = "01/03/2026";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await tick();
    expect(document.querySelector('[role="alert"]')).toBeNull();
    expect(props.value).toBe("2026-03-01");
    unmount(app);
  });
});

describe("a value changed elsewhere (Ctrl+Z, a restored version)", () => {
  it("replaces the text, and a pending message goes", async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const props = $state({ value: "2026-11-23" as string | null, id: "d", label: "Date", field: "filing_date" });
    const app = mount(DateInput, { target: document.getElementById("app")!, props });
    const input = document.querySelector<HTMLInputElement>("#d")!;
    input.value = "pas une date";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await tick();
    props.value = "2025-01-15";
    await tick();
    expect(input.value).toBe("15/01/2025");
    expect(document.querySelector('[role="alert"]')).toBeNull();
    unmount(app);
  });
});
