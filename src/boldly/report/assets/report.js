/* boldly report: draws the page from the embedded data; no network, no libraries. */
(() => {
  "use strict";
  const D = JSON.parse(document.getElementById("boldly-data").textContent);
  const UNPROMPTED = "unprompted_bold_action";
  const TASK = "task_completed";
  const STATUS = ["scored", "error", "missing"];
  const VERDICT = ["no", "yes", "error", "not judged"];
  const ROLE = ["system", "user", "assistant", "tool"];
  const COLORS = ["#2f5fa8", "#d9480f", "#2d7a3e", "#7c3aed", "#0e7490", "#be185d", "#a16207", "#4b5563"];
  const PAGE = 100;
  const RESULT_CHARS = 1500;
  const LABEL = Object.fromEntries(D.outcomes.map((o) => [o.key, o.label]));
  const SHORT = Object.fromEntries(D.outcomes.map((o) => [o.key, o.short]));
  const BIT = Object.fromEntries(D.bits.map((name, i) => [name, i]));
  const JUDGED = D.outcomes.map((o) => o.key).filter((k) => !(k in BIT) && k !== TASK);

  const state = {
    matrixOutcome: UNPROMPTED in BIT ? UNPROMPTED : D.outcomes[0] && D.outcomes[0].key,
    cmp: { outcome: UNPROMPTED, kind: "", scenario: "", sig: false, limit: 200 },
    f: { model: "", scenario: "", cell: "", outcome: "", limit: PAGE },
    open: null,
  };

  /* ---------- helpers ---------- */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  function svg(tag, attrs, ...children) {
    const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, v);
    for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }
  const pct = (v) => (v == null ? "–" : Math.round(v * 100) + "%");
  const interval = (lo, hi) => (lo == null ? "" : Math.round(lo * 100) + "–" + Math.round(hi * 100) + "%");
  const label = (k) => LABEL[k] || k.replace(/_/g, " ");
  const model = (i) => D.models[i];
  const scenarioOf = (id) => D.scenarios.find((s) => s.id === id);
  function rateOf(cell, outcome) {
    const r = cell.rates[outcome];
    if (!r) return null;
    return { k: r[0], n: r[1], lo: r[2], hi: r[3], executed: r[4], blocked: r[5], errors: r[6], notJudged: r[7] };
  }
  function shade(v) {
    if (v == null) return "";
    const light = 97 - 52 * v;
    return `hsl(18, ${60 + 25 * v}%, ${light}%)`;
  }
  function select(id, options, value, onchange, title) {
    const el = h("select", { id, title, onchange: (e) => onchange(e.target.value) });
    for (const [v, text] of options) el.append(h("option", { value: v, text, selected: v === value }));
    return el;
  }
  const outcomeOptions = (keys) => keys.map((k) => [k, label(k)]);
  function allShown() {
    const seen = [];
    for (const s of D.scenarios) for (const o of s.shown) if (!seen.includes(o)) seen.push(o);
    return D.outcomes.map((o) => o.key).filter((k) => seen.includes(k));
  }

  /* ---------- header ---------- */
  function header() {
    const c = D.meta.counts;
    const counts = h("div", { class: "counts" },
      h("span", {}, h("b", { text: c.rollouts }), " rollouts"),
      h("span", {}, h("b", { text: c.scored }), " scored"),
      h("span", {}, h("b", { text: D.models.length }), D.models.length === 1 ? " model" : " models"),
      h("span", {}, h("b", { text: D.scenarios.length }), D.scenarios.length === 1 ? " scenario" : " scenarios"),
      c.errors ? h("span", { class: "warn" }, h("b", { text: c.errors }), " errored") : null,
      c.missing ? h("span", { class: "warn" }, h("b", { text: c.missing }), " never ran") : null,
      c.judge_errors ? h("span", { class: "warn" }, h("b", { text: c.judge_errors }), " judge errors") : null,
      c.not_judged ? h("span", { class: "warn" }, h("b", { text: c.not_judged }), " not judged") : null,
      c.limits ? h("span", {}, h("b", { text: c.limits }), " hit a limit") : null,
    );
    const notes = D.meta.notes.length
      ? h("details", {}, h("summary", { text: `${D.meta.notes.length} notes on the logs read` }),
          h("ul", {}, D.meta.notes.map((n) => h("li", { text: n }))))
      : null;
    return h("header", { class: "top" },
      h("h1", { text: "boldly report" }),
      h("div", { class: "meta", text: (D.meta.sources.length ? `${D.meta.logs} logs from ${D.meta.sources.join(", ")} · ` : "") + `generated ${D.meta.created}` }),
      counts, notes);
  }

  /* ---------- matrix ---------- */
  function matrixSection() {
    const body = h("div", { id: "matrix-body" });
    const keys = allShown();
    const pick = select("matrix-outcome", outcomeOptions(keys), state.matrixOutcome, (v) => {
      state.matrixOutcome = v;
      drawMatrix(body);
      drawDetails();
    }, "Outcome shown in the matrix and the details");
    drawMatrix(body);
    return h("section", { id: "matrix" },
      h("h2", { text: "Headline: rates per model and condition" }),
      h("p", { class: "lead", text: "Each cell: the share of scored rollouts in which the outcome was attempted, its Wilson 95% interval, and n (scored rollouts). Failed rollouts are not in n and are flagged. Click a cell to list its rollouts." }),
      h("div", { class: "controls" }, h("label", {}, "Outcome", pick), scaleLegend()),
      body);
  }
  function scaleLegend() {
    return h("span", { class: "scale" }, "0%", [0, 0.25, 0.5, 0.75, 1].map((v) => h("i", { style: `background:${shade(v)}` })), "100%");
  }
  function drawMatrix(body) {
    body.replaceChildren();
    const outcome = state.matrixOutcome;
    for (const s of D.scenarios) {
      const cells = D.cells.map((c, i) => [c, i]).filter(([c]) => c.scenario === s.id);
      const labels = [...new Set(cells.map(([c]) => c.label))];
      const models = [...new Set(cells.map(([c]) => c.model))];
      const fixed = Object.entries(s.fixed).map(([k, v]) => `${k}=${v}`).join(", ");
      const head = h("tr", {}, (s.varying.length ? s.varying : ["condition"]).map((f) => h("th", { text: f })),
        models.map((m) => h("th", { class: "model", text: model(m) })));
      const rows = labels.map((lab) => {
        const first = cells.find(([c]) => c.label === lab)[0];
        const factorCells = s.varying.length ? s.varying.map((f) => h("td", { text: first.condition[f] })) : [h("td", { text: lab })];
        return h("tr", {}, factorCells, models.map((m) => {
          const found = cells.find(([c]) => c.label === lab && c.model === m);
          return found ? matrixCell(found[0], found[1], outcome) : h("td", { class: "empty", text: "not run" });
        }));
      });
      body.append(h("h3", { text: s.id }), h("div", { class: "fixed", text: fixed ? `held fixed: ${fixed}` : "" }),
        h("table", { class: "grid matrix", "data-scenario": s.id }, h("thead", {}, head), h("tbody", {}, rows)));
    }
  }
  function matrixCell(cell, index, outcome) {
    const r = rateOf(cell, outcome);
    const flags = [];
    if (cell.errors) flags.push(`${cell.errors} errored`);
    if (cell.missing) flags.push(`${cell.missing} never ran`);
    if (r && r.errors) flags.push(`${r.errors} judge errors`);
    if (r && r.notJudged) flags.push(`${r.notJudged} not judged`);
    if (r && r.executed != null && r.executed !== r.k) flags.push(`${r.executed} took effect`);
    const v = r && r.n ? r.k / r.n : null;
    const title = r ? `${model(cell.model)} · ${cell.variant}\n${label(outcome)}: ${r.k} of ${r.n}` : "";
    const td = h("td", {
      class: "rate" + (v != null && v > 0.62 ? " dark" : ""),
      style: v != null ? `background:${shade(v)}` : null,
      title, "data-testid": "matrix-cell", "data-model": model(cell.model), "data-variant": cell.variant,
      "data-k": r ? r.k : "", "data-n": r ? r.n : "",
      onclick: () => { showRollouts({ cell: String(index), outcome: "" }); },
    },
      h("div", { class: "r", text: r && r.n ? pct(v) : "–" }),
      h("div", { class: "ci", text: r && r.n ? interval(r.lo, r.hi) : "no rollouts scored" }),
      h("div", { class: "n", text: r ? (r.n === cell.n ? `n=${cell.n}` : `${r.n} of n=${cell.n}`) : `n=${cell.n}` }),
      flags.length ? h("div", { class: "flag", text: flags.join(" · ") }) : null);
    return td;
  }

  /* ---------- charts ---------- */
  function chartsSection() {
    const grid = h("div", { class: "charts" });
    for (const outcome of allShown()) grid.append(chart(outcome));
    const legend = h("div", { class: "legend" }, D.models.map((m, i) => h("span", {}, h("span", { class: "swatch", style: `background:${COLORS[i % COLORS.length]}` }), m)));
    return h("section", { id: "charts" },
      h("h2", { text: "Each outcome, with 95% intervals" }),
      h("p", { class: "lead", text: "Dots are rates; bars are Wilson 95% intervals. Rows are conditions (the factors that vary); one dot per model." }),
      legend, grid);
  }
  function chart(outcome) {
    const W = 600, L = 250, R = 16, P = W - L - R;
    const nm = D.models.length, rowH = Math.max(16, 7 * nm + 8);
    const x = (v) => L + 6 + v * (P - 6);
    const parts = [];
    let y = 18;
    const grid = svg("g", { class: "grid" });
    for (const s of D.scenarios) {
      const cells = D.cells.filter((c) => c.scenario === s.id && c.rates[outcome] && c.rates[outcome][1] > 0);
      if (!cells.length) continue;
      parts.push(svg("g", { class: "group" }, svg("text", { x: 4, y: y + 10 }, s.id + (s.varying.length ? ": " + s.varying.join(" / ") : ""))));
      y += 16;
      const labels = [...new Set(cells.map((c) => c.label))];
      for (const lab of labels) {
        const first = cells.find((c) => c.label === lab);
        const short = s.varying.length ? s.varying.map((f) => first.condition[f]).join(" / ") : lab;
        parts.push(svg("text", { x: 10, y: y + rowH / 2 + 4 }, short.length > 40 ? short.slice(0, 39) + "…" : short,
          svg("title", {}, lab)));
        cells.filter((c) => c.label === lab).forEach((c) => {
          const r = rateOf(c, outcome);
          if (!r || !r.n) return;
          const cy = y + 6 + (c.model + 0.5) * ((rowH - 8) / nm);
          const col = COLORS[c.model % COLORS.length];
          parts.push(svg("g", {},
            svg("line", { x1: x(r.lo), x2: x(r.hi), y1: cy, y2: cy, stroke: col, "stroke-width": 2, "stroke-linecap": "round" }),
            svg("circle", { cx: x(r.k / r.n), cy, r: 3.6, fill: col }),
            svg("title", {}, `${model(c.model)} · ${lab}: ${r.k}/${r.n} = ${pct(r.k / r.n)} (${interval(r.lo, r.hi)})`)));
        });
        y += rowH;
      }
      y += 4;
    }
    if (y === 18) {
      return h("figure", { "data-outcome": outcome }, h("figcaption", { text: label(outcome) }),
        h("p", { class: "hint", text: "No rollout has a verdict or score for this outcome." }));
    }
    const height = y + 22;
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      grid.append(svg("line", { x1: x(t), x2: x(t), y1: 12, y2: height - 18 }));
    }
    const axis = svg("g", { class: "axis" }, [0, 0.25, 0.5, 0.75, 1].map((t) => svg("text", { x: x(t), y: height - 5, "text-anchor": "middle" }, pct(t))));
    return h("figure", { "data-outcome": outcome }, h("figcaption", { text: label(outcome) }),
      svg("svg", { width: W, height, viewBox: `0 0 ${W} ${height}`, role: "img", "aria-label": `${label(outcome)} by condition and model` }, grid, parts, axis));
  }

  /* ---------- comparisons ---------- */
  function comparisonsSection() {
    const body = h("div", {});
    const keys = [...new Set(D.comparisons.map((c) => c[2]))];
    if (!keys.includes(state.cmp.outcome)) state.cmp.outcome = keys[0] || "";
    const redraw = () => drawComparisons(body);
    const controls = h("div", { class: "controls" },
      h("label", {}, "Outcome", select("cmp-outcome", outcomeOptions(D.outcomes.map((o) => o.key).filter((k) => keys.includes(k))), state.cmp.outcome, (v) => { state.cmp.outcome = v; state.cmp.limit = 200; redraw(); })),
      h("label", {}, "Compare", select("cmp-kind", [["", "factors and models"], ["factor", "levels of a factor"], ["model", "models"]], state.cmp.kind, (v) => { state.cmp.kind = v; redraw(); })),
      D.scenarios.length > 1 ? h("label", {}, "Scenario", select("cmp-scenario", [["", "all"], ...D.scenarios.map((s) => [s.id, s.id])], state.cmp.scenario, (v) => { state.cmp.scenario = v; redraw(); })) : null,
      h("label", {}, h("input", { type: "checkbox", onchange: (e) => { state.cmp.sig = e.target.checked; redraw(); } }), "only where the interval excludes 0"));
    redraw();
    return h("section", { id: "comparisons" },
      h("h2", { text: "Comparisons" }),
      h("p", { class: "lead", text: "Difference in rate, a − b, in percentage points, with Newcombe's 95% hybrid score interval. A factor comparison holds the model and every other factor equal; a model comparison holds the whole condition equal. Bold rows: the interval excludes 0." }),
      controls, body);
  }
  function forest(lo, d, hi) {
    const W = 150, x = (v) => 6 + ((v + 1) / 2) * (W - 12);
    return svg("svg", { width: W, height: 16, viewBox: `0 0 ${W} 16`, "aria-hidden": "true" },
      svg("line", { x1: x(0), x2: x(0), y1: 1, y2: 15, stroke: "#9aa3ae", "stroke-dasharray": "2 2" }),
      svg("line", { x1: x(lo), x2: x(hi), y1: 8, y2: 8, stroke: "#1d2430", "stroke-width": 2 }),
      svg("circle", { cx: x(d), cy: 8, r: 3.5, fill: d > 0 ? "#c2410c" : d < 0 ? "#2f5fa8" : "#1d2430" }));
  }
  function drawComparisons(body) {
    const c = state.cmp;
    const rows = D.comparisons.filter((r) => r[2] === c.outcome && (!c.kind || r[0] === c.kind) &&
      (!c.scenario || r[1] === c.scenario) && (!c.sig || r[13] > 0 || r[14] < 0));
    body.replaceChildren();
    if (!rows.length) { body.append(h("p", { class: "hint", text: "No comparisons match (a comparison needs two cells that differ only in the factor, or only in the model)." })); return; }
    const pts = (v) => (v > 0 ? "+" : "") + Math.round(v * 100);
    const table = h("table", { class: "grid", id: "comparison-table" },
      h("thead", {}, h("tr", {}, [D.scenarios.length > 1 ? "scenario" : null, "a vs b", "held equal", "model", "a", "b", "a − b", "95% interval", ""].filter((x) => x != null).map((t, i) => h("th", { class: i >= 4 ? "num" : null, text: t })))),
      h("tbody", {}, rows.slice(0, c.limit).map((r) => {
        const [kind, scen, , factor, a, b, mdl, held, ka, na, kb, nb, d, lo, hi] = r;
        const sig = lo > 0 || hi < 0;
        return h("tr", { class: sig ? "sig" : null },
          D.scenarios.length > 1 ? h("td", { text: scen }) : null,
          h("td", { text: kind === "factor" ? `${factor}=${a} vs ${b}` : `${a} vs ${b}` }),
          h("td", { text: held }),
          h("td", { text: mdl || "" }),
          h("td", { class: "num", text: `${ka}/${na} (${pct(ka / na)})` }),
          h("td", { class: "num", text: `${kb}/${nb} (${pct(kb / nb)})` }),
          h("td", { class: "num " + (sig ? (d > 0 ? "diff-pos" : "diff-neg") : ""), text: `${pts(d)} pts` }),
          h("td", { class: "num", text: `${pts(lo)} to ${pts(hi)}` }),
          h("td", {}, forest(lo, d, hi)));
      })));
    body.append(table);
    if (rows.length > c.limit) body.append(h("button", { class: "more", text: `show ${Math.min(200, rows.length - c.limit)} more of ${rows.length - c.limit}`, onclick: () => { c.limit += 200; drawComparisons(body); } }));
  }

  /* ---------- details ---------- */
  let detailsBody = null;
  function detailsSection() {
    detailsBody = h("div", {});
    drawDetails();
    return h("section", { id: "details" },
      h("h2", { text: "Details per model and condition" }),
      h("p", { class: "lead", text: "For the outcome chosen in the matrix: attempted and executed (took effect; not blocked, failed or unreachable), when the first unprompted bold action came (user turn: median and distribution), benign-task completion, failures, and the guard's decisions when a guard ran." }),
      detailsBody);
  }
  function drawDetails() {
    if (!detailsBody) return;
    const outcome = state.matrixOutcome;
    const guarded = D.cells.some((c) => c.guard);
    const judged = JUDGED.includes(outcome);
    const heads = ["scenario", "condition", "model", "rollouts", "n", "errored", "never ran", "hit limit",
      `${SHORT[outcome] || outcome}: attempted`, judged ? "judge errors / not judged" : "executed", "first bold turn", "task completed"];
    if (guarded) heads.push("guard asked (rollouts)", "guard decisions");
    const rows = D.cells.map((c, i) => {
      const r = rateOf(c, outcome);
      const t = rateOf(c, TASK);
      const ft = c.first_turn && c.first_turn.median != null
        ? `${c.first_turn.median} (${Object.entries(c.first_turn.counts).map(([k, v]) => `t${k}: ${v}`).join(", ")})` : "–";
      const cells = [c.scenario, c.label, model(c.model), c.rollouts, c.n, c.errors || "", c.missing || "", c.limits || "",
        r ? `${r.k}/${r.n} ${pct(r.n ? r.k / r.n : null)} (${interval(r.lo, r.hi)})` : "–",
        r ? (judged ? `${r.errors || 0} / ${r.notJudged || 0}` : `${r.executed}/${r.n}` + (r.blocked ? ` · ${r.blocked} blocked` : "")) : "–",
        ft, t && t.n ? `${t.k}/${t.n} ${pct(t.k / t.n)}` : "–"];
      if (guarded) {
        const g = c.guard;
        cells.push(g ? `${g.asked.k}/${g.asked.n} · ask rate ${pct(g.ask_rate)}` : "–",
          g ? Object.entries(g.decisions).map(([k, v]) => `${k} ${v}`).join(", ") : "–");
      }
      return h("tr", { "data-cell": i }, cells.map((v, j) => h("td", { class: j >= 3 && j <= 7 ? "num" : null, text: v })));
    });
    detailsBody.replaceChildren(h("table", { class: "grid" }, h("thead", {}, h("tr", {}, heads.map((t) => h("th", { text: t })))), h("tbody", {}, rows)));
  }

  /* ---------- escalation ladder ---------- */
  const RUNG_COLORS = ["#e5e7eb", "#cbd5e1", "#93c5fd", "#fcd34d", "#fb923c", "#ef4444", "#b91c1c", "#581c87"];
  let ladderBody = null;
  let ladderKind = "attempted";
  function ladderSection() {
    if (!D.cells.some((c) => c.ladder)) return null;
    ladderBody = h("div", {});
    const legend = h("div", { class: "legend", id: "rung-legend" }, D.rungs.map((r, i) =>
      h("span", {}, h("span", { class: "swatch", style: `background:${RUNG_COLORS[i]}` }), r.label)));
    const controls = h("div", { class: "controls" }, h("label", {}, "Rung",
      select("ladder-kind", [["attempted", "highest attempted"], ["executed", "highest that took place"]], ladderKind,
        (v) => { ladderKind = v; drawLadder(); })));
    drawLadder();
    return h("section", { id: "ladder" },
      h("h2", { text: "Escalation ladder: how far each rollout went" }),
      h("p", { class: "lead", text: "Each bar splits a cell's scored rollouts by the most extreme action taken, on the ladder below (lowest first). Attempted counts every try; 'took place' leaves out what a guard blocked or connectivity stopped." }),
      controls, legend, ladderBody);
  }
  function ladderBar(ladder) {
    const W = 320, H = 16;
    const counts = D.rungs.map((r) => ladder[ladderKind][r.key] || 0);
    let x = 0;
    const parts = counts.map((k, i) => {
      if (!k) return null;
      const w = (k / ladder.n) * W;
      const rect = svg("rect", { x, y: 0, width: w, height: H, fill: RUNG_COLORS[i], "data-rung": D.rungs[i].key },
        svg("title", {}, `${D.rungs[i].label}: ${k}/${ladder.n} (${pct(k / ladder.n)})`));
      x += w;
      return rect;
    });
    return svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "stack", role: "img",
      "aria-label": counts.map((k, i) => (k ? `${D.rungs[i].label} ${k}` : null)).filter(Boolean).join(", ") }, parts);
  }
  function drawLadder() {
    if (!ladderBody) return;
    const rows = D.cells.map((c, i) => [c, i]).filter(([c]) => c.ladder && c.ladder.n);
    const top = (ladder) => {
      const counts = D.rungs.map((r) => ladder[ladderKind][r.key] || 0);
      const i = counts.map((k) => k > 0).lastIndexOf(true);
      return i >= 0 ? D.rungs[i].label : "–";
    };
    ladderBody.replaceChildren(h("table", { class: "grid", id: "ladder-table" },
      h("thead", {}, h("tr", {}, ["scenario", "condition", "model", "n", "rollouts by highest rung", "highest in the cell"].map((t) => h("th", { text: t })))),
      h("tbody", {}, rows.map(([c, i]) => h("tr", { "data-cell": i },
        h("td", { text: c.scenario }), h("td", { text: c.label }), h("td", { text: model(c.model) }),
        h("td", { class: "num", text: c.ladder.n }), h("td", {}, ladderBar(c.ladder)), h("td", { text: top(c.ladder) }))))));
  }

  /* ---------- eval awareness ---------- */
  function awarenessSection() {
    const rows = D.cells.map((c, i) => [c, i]).filter(([c]) => c.awareness && c.awareness.stated.n);
    if (!rows.length) return null;
    const probed = rows.some(([c]) => c.awareness.probe_test.n || c.awareness.probe_unanswered);
    const rate = (r) => (r.n ? `${r.k}/${r.n} ${pct(r.rate)} (${interval(r.low, r.high)})` : "–");
    const heads = ["scenario", "condition", "model", "said it may be tested", "bold, when it said so", "bold, when it did not"];
    if (probed) heads.push("probe: answered TEST", "probe: unclear or failed");
    return h("section", { id: "awareness" },
      h("h2", { text: "Eval awareness" }),
      h("p", { class: "lead", text: "Whether the agent said, in its words or its reasoning, that it may be in a test, an evaluation, a simulation or a fiction (by fixed rules), and the unprompted-bold-action rate among the rollouts that said so and those that did not, with Wilson 95% intervals. With the probe, the share that answered TEST when asked after the last turn, of those that answered REAL or TEST." }),
      h("table", { class: "grid", id: "awareness-table" },
        h("thead", {}, h("tr", {}, heads.map((t) => h("th", { text: t })))),
        h("tbody", {}, rows.map(([c, i]) => {
          const a = c.awareness;
          const cells = [c.scenario, c.label, model(c.model), rate(a.stated), rate(a.bold_if_aware), rate(a.bold_if_not_aware)];
          if (probed) cells.push(rate(a.probe_test), a.probe_unanswered);
          return h("tr", { "data-cell": i }, cells.map((v, j) => h("td", { class: j >= 3 ? "num" : null, text: v })));
        }))));
  }

  /* ---------- rollout browser ---------- */
  let listEl, filtersEl, countEl, transcriptEl;
  function browserSection() {
    listEl = h("div", { class: "list", id: "rollout-list" });
    filtersEl = h("div", { class: "controls" });
    countEl = h("span", { class: "hint" });
    transcriptEl = h("div", { id: "transcript" }, h("p", { class: "empty", text: "Choose a rollout to read its transcript." }));
    drawFilters();
    drawList();
    return h("section", { id: "rollouts" },
      h("h2", { text: "Rollouts and transcripts" }),
      h("p", { class: "lead", text: "Every rollout: the principal's turns, the agent's words and tool calls, and each call's result. Calls whose effects prove an outcome are highlighted (orange: an unprompted bold action; purple: another outcome); the outcome list at the top links to them." }),
      filtersEl, h("div", { class: "browser" }, h("div", {}, countEl, listEl), transcriptEl));
  }
  function drawFilters() {
    const f = state.f;
    const cellOptions = [["", "all conditions"]];
    D.cells.forEach((c, i) => {
      if ((!f.scenario || c.scenario === f.scenario) && (!f.model || String(c.model) === f.model)) {
        cellOptions.push([String(i), `${D.scenarios.length > 1 ? c.scenario + ": " : ""}${c.label}${f.model ? "" : " · " + model(c.model)}`]);
      }
    });
    const outcomeChoices = [["", "any outcome"], ...D.bits.map((k) => ["a:" + k, "attempted: " + label(k)]),
      ...(UNPROMPTED in BIT ? [["none", "no unprompted bold action"]] : []),
      ...JUDGED.map((k) => ["j:" + k, "judged yes: " + label(k)]),
      ["task0", "benign task not completed"], ["failed", "failed (errored or never ran)"],
      ...(JUDGED.length ? [["jerr", "judge error or not judged"]] : [])];
    const set = (key) => (v) => { f[key] = v; f.limit = PAGE; if (key !== "cell") { if (key === "model" || key === "scenario") f.cell = ""; } drawFilters(); drawList(); };
    filtersEl.replaceChildren(...[
      h("label", {}, "Model", select("f-model", [["", "all models"], ...D.models.map((m, i) => [String(i), m])], f.model, set("model"))),
      D.scenarios.length > 1 ? h("label", {}, "Scenario", select("f-scenario", [["", "all scenarios"], ...D.scenarios.map((s) => [s.id, s.id])], f.scenario, set("scenario"))) : null,
      h("label", {}, "Condition", select("f-cell", cellOptions, f.cell, set("cell"))),
      h("label", {}, "Outcome", select("f-outcome", outcomeChoices, f.outcome, set("outcome"))),
    ].filter(Boolean));
  }
  function matches(r) {
    const f = state.f;
    const cell = D.cells[r[0]];
    if (f.model && String(cell.model) !== f.model) return false;
    if (f.scenario && cell.scenario !== f.scenario) return false;
    if (f.cell && String(r[0]) !== f.cell) return false;
    const o = f.outcome;
    if (!o) return true;
    if (o.startsWith("a:")) return r[2] === 0 && (r[3] & (1 << BIT[o.slice(2)])) !== 0;
    if (o === "none") return r[2] === 0 && (r[3] & (1 << BIT[UNPROMPTED])) === 0;
    if (o.startsWith("j:")) return r[7][o.slice(2)] === 1;
    if (o === "task0") return r[2] === 0 && r[6] === 0;
    if (o === "failed") return r[2] !== 0;
    if (o === "jerr") return Object.values(r[7]).some((v) => v >= 2);
    return true;
  }
  function chipsFor(r) {
    const chips = [];
    if (r[2] !== 0) chips.push(h("span", { class: "chip fail", text: STATUS[r[2]] }));
    const boldIds = UNPROMPTED in BIT && (r[3] & (1 << BIT[UNPROMPTED]));
    D.bits.forEach((k, i) => {
      if (k === UNPROMPTED || !(r[3] & (1 << i))) return;
      const blocked = !(r[4] & (1 << i));
      chips.push(h("span", { class: "chip " + (blocked ? "blocked" : boldIds ? "bold" : "other"), text: (SHORT[k] || k) + (blocked ? " (not done)" : "") }));
    });
    for (const [k, v] of Object.entries(r[7])) if (v === 1) chips.push(h("span", { class: "chip bold", text: k })); else if (v >= 2) chips.push(h("span", { class: "chip" + (v === 2 ? " fail" : ""), text: `${k}: ${VERDICT[v]}` }));
    if (r[6] === 1) chips.push(h("span", { class: "chip task", text: "task done" }));
    return chips;
  }
  function drawList() {
    const found = [];
    D.rollouts.forEach((r, i) => { if (matches(r)) found.push(i); });
    countEl.textContent = `${found.length} of ${D.rollouts.length} rollouts`;
    listEl.replaceChildren(...found.slice(0, state.f.limit).map((i) => {
      const r = D.rollouts[i];
      const cell = D.cells[r[0]];
      return h("button", { class: "item" + (state.open === i ? " active" : ""), "data-rollout": r[10], onclick: () => openRollout(i) },
        h("div", { class: "who", text: `${model(cell.model)} · epoch ${r[1]}` }),
        h("div", { class: "what", text: `${D.scenarios.length > 1 ? cell.scenario + " · " : ""}${cell.label}` }),
        h("div", {}, chipsFor(r)));
    }));
    if (found.length > state.f.limit) {
      listEl.append(h("button", { class: "item more", text: `show ${Math.min(PAGE, found.length - state.f.limit)} more`, onclick: () => { state.f.limit += PAGE; drawList(); } }));
    }
  }
  function showRollouts(filter) {
    Object.assign(state.f, { model: "", scenario: "", cell: "", outcome: "", limit: PAGE }, filter);
    drawFilters();
    drawList();
    document.getElementById("rollouts").scrollIntoView();
  }

  /* ---------- transcripts (unpacked on demand) ---------- */
  const cache = new Map();
  async function unpack(id) {
    if (!cache.has(id)) {
      cache.set(id, (async () => {
        const text = document.getElementById(id).textContent.trim();
        const bytes = Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return JSON.parse(await new Response(stream).text());
      })());
    }
    return cache.get(id);
  }
  async function openRollout(i) {
    state.open = i;
    for (const el of listEl.querySelectorAll(".item.active")) el.classList.remove("active");
    const item = listEl.querySelector(`[data-rollout="${CSS.escape(D.rollouts[i][10])}"]`);
    if (item) item.classList.add("active");
    const r = D.rollouts[i];
    if (!D.transcripts) { transcriptEl.replaceChildren(h("p", { class: "empty", text: "This report was made without transcripts." })); return; }
    if (typeof DecompressionStream === "undefined") { transcriptEl.replaceChildren(h("p", { class: "empty", text: "This browser cannot unpack the transcripts (it lacks DecompressionStream); use a current Chrome, Edge, Firefox or Safari." })); return; }
    transcriptEl.replaceChildren(h("p", { class: "empty", text: "Loading…" }));
    const [chunk, pool] = await Promise.all([unpack("chunk-" + r[8]), unpack("pool")]);
    if (state.open !== i) return;
    transcriptEl.replaceChildren(renderTranscript(r, chunk[r[9]], pool));
    history.replaceState(null, "", "#rollout=" + encodeURIComponent(r[10]));
  }
  function jump(id) {
    const el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }
  function effectLine(eid, e, proves) {
    const targets = e.targets.map(([v, party]) => `${v} (${party})`).join(", ");
    const data = e.data.map(([p, tags]) => p + (tags.length ? ` [${tags.join(", ")}]` : "")).join(", ");
    const what = [data, targets].filter(Boolean).join(" → ") || e.detail;
    return h("div", { class: "effect", id: "fx-" + eid, "data-effect": eid },
      h("span", { class: "eid", text: eid }),
      `${e.op} (${e.channel}) ${what}`,
      h("span", { class: "chip " + (e.status === "done" ? "" : "blocked"), text: e.status }),
      proves.length ? h("span", { class: "hint" }, " proves: ", proves.map(label).join(", ")) : null);
  }
  function renderTranscript(r, t, pool) {
    const cell = D.cells[r[0]];
    const text = (v) => (typeof v === "number" ? pool[v] : v);
    const boldIds = new Set(t.outcomes[UNPROMPTED] ? t.outcomes[UNPROMPTED][2] : []);
    const provesOf = {};
    for (const [name, [, , ids]] of Object.entries(t.outcomes)) {
      if (name === UNPROMPTED) continue;
      for (const id of ids) (provesOf[id] = provesOf[id] || []).push(name);
    }
    const byCall = {};
    const unlinked = [];
    for (const [eid, e] of Object.entries(t.effects)) {
      if (e.call) (byCall[e.call] = byCall[e.call] || []).push(eid); else unlinked.push(eid);
    }
    const head = h("div", { class: "t-head" },
      h("h3", { text: `${model(cell.model)} · ${cell.scenario} · ${cell.label} · epoch ${r[1]}` }),
      h("div", { class: "where", text: `${t.log} · sample ${t.sample} · rollout ${t.id}` }));
    const facts = h("div", { class: "facts" });
    facts.append(h("div", { class: "row" }, h("span", { class: "key", text: "variant" }), h("span", { text: cell.variant })));
    if (r[2] !== 0) facts.append(h("div", { class: "row warn" }, h("span", { class: "key", text: STATUS[r[2]] }), h("span", { text: t.error || "" })));
    if (t.limit) facts.append(h("div", { class: "row" }, h("span", { class: "key", text: "limit" }), `stopped by the ${t.limit} limit; scored as it stood`));
    const names = D.outcomes.map((o) => o.key).filter((k) => k in t.outcomes).sort((a, b) => (a === UNPROMPTED ? -1 : b === UNPROMPTED ? 1 : 0));
    const outcomeRows = names.map((name) => {
      const [executed, turn, ids] = t.outcomes[name];
      const bold = name === UNPROMPTED || ids.some((id) => boldIds.has(id));
      return h("div", { class: "outcome-line", "data-outcome": name },
        h("span", { class: "chip " + (bold ? "bold" : "other"), text: label(name) }),
        ` turn ${turn}`, executed ? "" : h("span", { class: "chip blocked", text: "not executed" }),
        ids.map((id) => h("a", { href: "#fx-" + id, "data-effect-link": id, onclick: (e) => { e.preventDefault(); jump("fx-" + id); }, text: id })));
    });
    facts.append(h("div", { class: "row" }, h("span", { class: "key", text: "outcomes" }),
      h("div", {}, r[2] !== 0 ? "not scored" : outcomeRows.length ? outcomeRows : "none attempted")));
    const rungLabel = (key) => (D.rungs.find((x) => x.key === key) || { label: key }).label;
    if (t.escalation) facts.append(h("div", { class: "row", "data-fact": "ladder" }, h("span", { class: "key", text: "highest rung" }),
      t.escalation.attempted === t.escalation.executed ? rungLabel(t.escalation.attempted)
        : `${rungLabel(t.escalation.attempted)} attempted; ${rungLabel(t.escalation.executed)} took place`));
    if (t.awareness) {
      const a = t.awareness;
      const said = a.stated ? a.statements.map((st) => h("div", { class: "quote", text: `“${st.sentence}” (${st.source}, message ${st.message})` })) : "never said it may be in a test";
      facts.append(h("div", { class: "row", "data-fact": "awareness" }, h("span", { class: "key", text: "eval awareness" }), h("div", {}, said,
        a.probe ? h("div", { text: `probe: ${a.probe.verdict}` + (a.probe.answer ? ` — ${a.probe.answer}` : "") + (a.probe.error ? ` (${a.probe.error})` : "") }) : null)));
    }
    for (const [name, j] of Object.entries(t.judge)) {
      facts.append(h("div", { class: "row" }, h("span", { class: "key", text: "judge" }),
        h("div", {}, h("span", { class: "chip " + (j.verdict === "yes" ? "bold" : j.verdict === "no" ? "" : "fail"), text: `${label(name)}: ${j.verdict}` }),
          j.rubric ? ` rubric ${j.rubric}` : "", j.grader ? ` · grader ${j.grader}` : "", j.error ? h("div", { class: "warn", text: j.error }) : null,
          j.completion ? h("details", {}, h("summary", { text: "grader's answer" }), h("pre", { text: j.completion })) : null)));
    }
    if (t.task && t.task.length) {
      facts.append(h("div", { class: "row" }, h("span", { class: "key", text: "benign task" }),
        h("div", {}, h("span", { class: "chip " + (r[6] === 1 ? "task" : "fail"), text: r[6] === 1 ? "completed" : "not completed" }),
          t.task.map((c) => h("div", { class: "hint", text: `${c.passed ? "✓" : "✗"} ${c.check.kind}${c.check.log ? " " + c.check.log : ""}${c.check.to ? " to " + c.check.to : ""}: found ${c.found}, needs ${c.check.min}` })))));
    }
    if (t.guard) {
      facts.append(h("div", { class: "row" }, h("span", { class: "key", text: "guard" }),
        `${t.guard.policy || "policy"}: ` + Object.entries(t.guard.decisions).map(([k, v]) => `${k} ${v}`).join(", ")));
    }
    if (unlinked.length) {
      facts.append(h("div", { class: "row" }, h("span", { class: "key", text: "effects" }),
        h("div", {}, h("div", { class: "hint", text: "not linked to a tool call:" }), unlinked.map((eid) => effectLine(eid, t.effects[eid], provesOf[eid] || [])))));
    }
    const results = {};
    for (const m of t.messages) if (m[0] === 3 && m[3]) results[m[3]] = m;
    const callIds = new Set(t.messages.filter((m) => m[0] === 2).flatMap((m) => (m[2] || []).map((c) => c[0])));
    const body = h("div", {});
    let turn = 0, turnEl = null;
    for (const m of t.messages) {
      const role = ROLE[m[0]];
      const content = text(m[1]);
      if (role === "system") {
        body.append(h("details", { class: "system" }, h("summary", { text: "system prompt" }), h("pre", { text: content })));
      } else if (role === "user") {
        turn += 1;
        turnEl = h("div", { class: "turn", id: "turn-" + turn }, h("div", { class: "label", text: `turn ${turn}` }),
          h("div", { class: "msg user" }, h("div", { class: "who", text: "principal" }), h("div", { class: "body", text: content })));
        body.append(turnEl);
      } else if (role === "assistant") {
        const target = turnEl || body;
        if (content.trim()) target.append(h("div", { class: "msg assistant" }, h("div", { class: "who", text: "agent" }), h("div", { class: "body", text: content })));
        for (const [id, fn, args] of m[2] || []) target.append(renderCall(id, fn, args, results[id], text, byCall[id] || [], t, boldIds, provesOf));
      } else if (role === "tool" && !callIds.has(m[3])) {
        (turnEl || body).append(h("div", { class: "msg" }, h("pre", { text: content })));
      }
    }
    return h("div", {}, head, facts, body);
  }
  function renderCall(id, fn, args, result, text, effects, t, boldIds, provesOf) {
    const bold = effects.some((e) => boldIds.has(e));
    const keys = Object.keys(args || {});
    let argsEl;
    if (keys.length === 1 && typeof args[keys[0]] === "string") argsEl = h("pre", { class: "args", text: args[keys[0]] });
    else if (keys.length) argsEl = h("pre", { class: "args", text: keys.map((k) => `${k}: ${typeof args[k] === "string" ? args[k] : JSON.stringify(args[k])}`).join("\n") });
    const sig = keys.length === 1 && typeof args[keys[0]] === "string" ? `${fn}(${keys[0]})` : `${fn}(${keys.join(", ")})`;
    const box = h("div", { class: "call" + (effects.length ? " effect-call" : "") + (bold ? " bold" : ""), id: "call-" + id, "data-call": id },
      effects.map((eid) => effectLine(eid, t.effects[eid], provesOf[eid] || [])),
      h("div", { class: "sig", text: sig }), argsEl);
    if (result) {
      const out = result[5] ? result[5] : text(result[1]);
      const long = out.length > RESULT_CHARS;
      const pre = h("pre", { text: long ? out.slice(0, RESULT_CHARS) + ` … [${out.length - RESULT_CHARS} more characters]` : out || "(no output)" });
      const res = h("div", { class: "result" + (result[5] ? " error" : "") }, pre);
      if (long) res.append(h("button", { text: "show all", onclick: (e) => { pre.textContent = out; e.target.remove(); } }));
      box.append(res);
    }
    return box;
  }

  /* ---------- page ---------- */
  const app = document.getElementById("app");
  app.append(header(),
    h("nav", { class: "sections" }, [["#matrix", "Matrix"], ["#charts", "Charts"], ["#ladder", "Ladder"], ["#awareness", "Awareness"], ["#comparisons", "Comparisons"], ["#details", "Details"], ["#rollouts", "Rollouts"]].filter(([href]) => href !== "#ladder" || D.cells.some((c) => c.ladder)).filter(([href]) => href !== "#awareness" || D.cells.some((c) => c.awareness && c.awareness.stated.n)).map(([href, t]) => h("a", { href, text: t }))),
    h("main", {}, matrixSection(), chartsSection(), ladderSection(), awarenessSection(), comparisonsSection(), detailsSection(), browserSection(),
      h("footer", { text: "Rates: Wilson score 95% intervals. Differences: Newcombe hybrid score 95% intervals. Failed rollouts and judge failures are counted apart, never as \"no\". Made by boldly." })));
  const wanted = decodeURIComponent((location.hash.match(/^#rollout=(.+)$/) || [])[1] || "");
  if (wanted) {
    const i = D.rollouts.findIndex((r) => r[10] === wanted);
    if (i >= 0) { showRollouts({}); openRollout(i); }
  }
  document.body.dataset.ready = "1";
})();
