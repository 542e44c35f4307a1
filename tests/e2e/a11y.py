"""axe-core (the maintained accessibility engine, from the UI's npm dependencies) run in the real
window: what it finds as critical or serious on the screen shown."""

import pathlib

AXE = (pathlib.Path(__file__).resolve().parents[2] / "ui" / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] })
  .then((r) => done(r.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")) }))))
  .catch((e) => done([{ id: "axe-error", help: String(e), nodes: [] }]));
"""


def serious_violations(app):
    if not app.execute_script("return typeof window.axe !== 'undefined'"):
        app.execute_script(AXE)
    app.set_script_timeout(60)
    return app.execute_async_script(RUN)


def assert_accessible(app, where):
    found = serious_violations(app)
    assert found == [], f"{where} : {found}"
