// ctcoop's pictures: each reads a JSON data island written by the server and draws with d3.
(function () {
  "use strict";
  const data = (id) => { const el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; };
  const on = new URLSearchParams(location.search).get("on");
  const withOn = (url) => (on && url && !url.includes("on=") ? url + (url.includes("?") ? "&" : "?") + "on=" + on : url);

  function tree(el, root) {
    const width = el.clientWidth || 1100, dx = 16, dy = width / 4.2;
    const h = d3.hierarchy(root);
    h.descendants().forEach((d, i) => { d.id = i; d._children = d.children; if (d.depth > 1) d.children = null; });
    const layout = d3.tree().nodeSize([dx, dy]);
    const svg = d3.create("svg").attr("viewBox", [-dy / 3, -dx, width, dx]).attr("font-family", "sans-serif");
    const gLink = svg.append("g"), gNode = svg.append("g");
    function update(source) {
      layout(h);
      let left = h, right = h;
      h.eachBefore((n) => { if (n.x < left.x) left = n; if (n.x > right.x) right = n; });
      const height = right.x - left.x + dx * 2;
      svg.attr("viewBox", [-dy / 3, left.x - dx, width, height]);
      const nodes = h.descendants().reverse(), links = h.links();
      const node = gNode.selectAll("g").data(nodes, (d) => d.id);
      const enter = node.enter().append("g").attr("class", "tree-node").attr("tabindex", 0)
        .attr("role", "button").attr("aria-label", (d) => d.data.name)
        .on("click", (e, d) => act(d)).on("keydown", (e, d) => { if (e.key === "Enter") act(d); });
      enter.append("circle").attr("r", 4).attr("fill", (d) => (d._children ? "#0b5cad" : "#8c959f"));
      enter.append("text").attr("dy", "0.31em").attr("x", (d) => (d._children ? -8 : 8))
        .attr("text-anchor", (d) => (d._children ? "end" : "start"))
        .text((d) => d.data.name + (d._children && !d.children ? " (" + d._children.length + ")" : ""));
      node.merge(enter).attr("transform", (d) => `translate(${d.y},${d.x})`);
      node.exit().remove();
      const link = gLink.selectAll("path").data(links, (d) => d.target.id);
      link.enter().append("path").attr("class", "tree-link").merge(link)
        .attr("d", d3.linkHorizontal().x((d) => d.y).y((d) => d.x));
      link.exit().remove();
    }
    function act(d) {
      if (d._children) { d.children = d.children ? null : d._children; update(d); }
      else if (d.data.url) location.href = withOn(d.data.url);
    }
    update(h);
    el.appendChild(svg.node());
  }

  async function worldMap(el, spec) {
    const world = await d3.json("/static/vendor/countries-110m.json");
    const countries = topojson.feature(world, world.objects.countries);
    const width = el.clientWidth || 900, height = width * 0.5;
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
    svg.append("g").selectAll("path").data(countries.features).join("path")
      .attr("d", path)
      .attr("class", (f) => { const iso = spec.iso[f.id]; const v = iso && spec.values[iso];
        return "country" + (v ? " " + v : "") + (spec.link && iso ? " linked" : ""); })
      .on("click", (e, f) => { const iso = spec.iso[f.id]; if (spec.link && iso) location.href = spec.link.replace("{id}", iso); })
      .append("title").text((f) => { const iso = spec.iso[f.id]; return (f.properties.name || iso) + (iso && spec.values[iso] ? ": " + spec.values[iso].replace("_", " ") : ""); });
    el.appendChild(svg.node());
  }

  function bars(el, series, label) {
    const entries = Object.entries(series).map(([k, v]) => [+k, v]);
    if (!entries.length) return;
    const width = el.clientWidth || 600, height = 260, m = { t: 10, r: 10, b: 30, l: 40 };
    const x = d3.scaleBand().domain(entries.map((d) => d[0])).range([m.l, width - m.r]).padding(0.15);
    const y = d3.scaleLinear().domain([0, d3.max(entries, (d) => d[1]) || 1]).nice().range([height - m.b, m.t]);
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
    const every = Math.ceil(entries.length / 12);
    svg.append("g").attr("transform", `translate(0,${height - m.b})`)
      .call(d3.axisBottom(x).tickValues(x.domain().filter((d, i) => i % every === 0)).tickFormat(d3.format("d")));
    svg.append("g").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5));
    svg.append("g").selectAll("rect").data(entries).join("rect").attr("fill", "#0b5cad")
      .attr("x", (d) => x(d[0])).attr("y", (d) => y(d[1])).attr("width", x.bandwidth()).attr("height", (d) => y(0) - y(d[1]))
      .append("title").text((d) => `${d[0]}: ${d[1]} ${label}`);
    el.appendChild(svg.node());
  }

  function line(el, series) {
    const entries = Object.entries(series).map(([k, v]) => [+k, v]);
    if (!entries.length) return;
    const width = el.clientWidth || 600, height = 260, m = { t: 10, r: 10, b: 30, l: 40 };
    const x = d3.scaleLinear().domain(d3.extent(entries, (d) => d[0])).range([m.l, width - m.r]);
    const y = d3.scaleLinear().domain([0, d3.max(entries, (d) => d[1]) || 1]).nice().range([height - m.b, m.t]);
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
    svg.append("g").attr("transform", `translate(0,${height - m.b})`).call(d3.axisBottom(x).tickFormat(d3.format("d")));
    svg.append("g").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5));
    svg.append("path").datum(entries).attr("fill", "none").attr("stroke", "#0b5cad").attr("stroke-width", 2)
      .attr("d", d3.line().curve(d3.curveStepAfter).x((d) => x(d[0])).y((d) => y(d[1])));
    el.appendChild(svg.node());
  }

  function network(el, graph) {
    const width = el.clientWidth || 1100, height = 640;
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
    const colour = { state: "#8c959f", regional: "#0b5cad", global: "#6f42c1", bilateral: "#1a7f37" };
    let shown = new Set(["regional", "global", "bilateral"]);
    const gLinks = svg.append("g").attr("stroke-opacity", 0.35), gNodes = svg.append("g");
    const sim = d3.forceSimulation().force("charge", d3.forceManyBody().strength(-18))
      .force("center", d3.forceCenter(width / 2, height / 2)).force("collide", d3.forceCollide(6));
    function draw() {
      const links = graph.links.filter((l) => shown.has(l.level)).map((l) => ({ ...l }));
      const used = new Set(links.flatMap((l) => [l.source, l.target]));
      const nodes = graph.nodes.filter((n) => used.has(n.id)).map((n) => ({ ...n }));
      sim.nodes(nodes).force("link", d3.forceLink(links).id((d) => d.id).distance(40));
      const link = gLinks.selectAll("line").data(links).join("line").attr("stroke", (d) => colour[d.level] || "#999");
      const node = gNodes.selectAll("g").data(nodes, (d) => d.id).join((enter) => {
        const g = enter.append("g").attr("tabindex", 0).on("click", (e, d) => {
          location.href = withOn(d.kind === "state" ? "/states/" + d.id : "/organizations/" + d.id); });
        g.append("circle"); g.append("text").attr("class", "node-label").attr("dx", 6).attr("dy", 3);
        g.append("title"); return g; });
      node.select("circle").attr("r", (d) => (d.kind === "state" ? 3.5 : 8)).attr("fill", (d) => colour[d.level] || "#999");
      node.select("text").text((d) => (d.kind === "state" ? "" : d.name));
      node.select("title").text((d) => d.name);
      sim.on("tick", () => {
        link.attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y).attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y);
        node.attr("transform", (d) => `translate(${d.x},${d.y})`);
      });
      sim.alpha(1).restart();
    }
    document.querySelectorAll("#network-filter input").forEach((box) => box.addEventListener("change", () => {
      shown = new Set([...document.querySelectorAll("#network-filter input:checked")].map((b) => b.value)); draw(); }));
    draw();
    el.appendChild(svg.node());
  }

  // The timeline on a true time scale: consents per year as bars one year wide, and each event a
  // mark at its date, one row per kind (adoption, entry into force, attack, meeting, other) with
  // the legend beside it; the filters above show or hide kinds and levels in the chart and table.
  function timeline(el, spec) {
    const width = el.clientWidth || 900, height = 320, m = { t: 16, r: 12, b: 30, l: 44 };
    const day = (s) => new Date(s.length === 4 ? `${s}-07-01` : s.length === 7 ? `${s}-15` : s);
    const jan = (year) => new Date(Date.UTC(year, 0, 1));
    const years = Object.keys(spec.consents).map(Number);
    const dates = spec.events.map((e) => day(e.date));
    const x = d3.scaleUtc()
      .domain([d3.min([...dates, ...years.map(jan)]), d3.max([...dates, ...years.map((y) => jan(y + 1))])])
      .range([m.l, width - m.r]);
    const rows = ["adoption", "entry_into_force", "attack", "meeting", "other"];
    const top = m.t + rows.length * 16 + 10;
    const y = d3.scaleLinear().domain([0, d3.max(years, (yr) => spec.consents[yr]) || 1]).nice()
      .range([height - m.b, top]);
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
    svg.append("g").attr("class", "x-axis").attr("transform", `translate(0,${height - m.b})`)
      .call(d3.axisBottom(x).ticks(Math.max(4, Math.floor(width / 90))));
    svg.append("g").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(4));
    svg.append("g").attr("class", "consents").selectAll("rect").data(years).join("rect")
      .attr("x", (yr) => x(jan(yr))).attr("width", (yr) => Math.max(1, x(jan(yr + 1)) - x(jan(yr)) - 1))
      .attr("y", (yr) => y(spec.consents[yr])).attr("height", (yr) => y(0) - y(spec.consents[yr]))
      .append("title").text((yr) => `${yr}: ${spec.consents[yr]} consents deposited`);
    const symbols = { adoption: d3.symbolTriangle, entry_into_force: d3.symbolSquare, attack: d3.symbolCross,
      meeting: d3.symbolDiamond, other: d3.symbolCircle };
    rows.forEach((kind, n) => svg.append("text").attr("class", "row-label").attr("x", m.l + 4)
      .attr("y", m.t + n * 16 + 4).text(kind.replace(/_/g, " ")));
    const marks = svg.append("g").attr("class", "events");
    spec.events.forEach((e) => {
      const kind = e.row;
      const cx = x(day(e.date)), cy = m.t + rows.indexOf(kind) * 16;
      marks.append("path").attr("d", d3.symbol(symbols[kind], 40)()).attr("transform", `translate(${cx},${cy})`)
        .attr("class", `mark ${kind}`).attr("data-kind", kind).attr("data-level", e.level)
        .attr("data-date", e.date).attr("data-x", cx.toFixed(3))
        .append("title").text(`${e.date} (${e.kind.replace(/_/g, " ")}): ${e.title}`);
    });
    el.appendChild(svg.node());
    document.querySelectorAll(".key-mark path").forEach((p) => p.setAttribute("d", d3.symbol(symbols[p.classList[1]], 40)()));
    const filters = document.getElementById("timeline-filter");
    if (!filters) return;
    const apply = () => {
      const kinds = new Set([...filters.querySelectorAll("input[name=kind]:checked")].map((b) => b.value));
      const level = filters.querySelector("select[name=level]").value;
      const keep = (k, lv) => kinds.has(k) && (level === "" || lv === level);
      svg.node().querySelectorAll("path.mark").forEach((p) => { p.style.display = keep(p.dataset.kind, p.dataset.level) ? "" : "none"; });
      document.querySelectorAll("#events-table tbody tr").forEach((r) => { r.hidden = !keep(r.dataset.kind, r.dataset.level); });
    };
    filters.addEventListener("change", apply);
  }

  // A table marked "sortable" sorts by a column when its header is clicked (or Enter is pressed on
  // it), numbers and dates in order; an input with data-filter="<table id>" keeps the rows holding
  // its text.
  function sortable(table) {
    const heads = table.querySelectorAll("thead th");
    heads.forEach((th, col) => {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      const sort = () => {
        const up = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach((h) => h.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        const body = table.tBodies[0];
        const key = (row) => row.cells[col].dataset.sort ?? row.cells[col].textContent.trim();
        Array.from(body.rows)
          .sort((a, b) => (up ? 1 : -1) * key(a).localeCompare(key(b), undefined, { numeric: true }))
          .forEach((row) => body.appendChild(row));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
    });
  }

  function filter(input) {
    const table = document.getElementById(input.dataset.filter);
    input.addEventListener("input", () => {
      const text = input.value.trim().toLowerCase();
      Array.from(table.tBodies[0].rows).forEach((row) => {
        row.hidden = text !== "" && !row.textContent.toLowerCase().includes(text);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("table.sortable").forEach(sortable);
    document.querySelectorAll("input[data-filter]").forEach(filter);
    const t = data("tree-data"); if (t) tree(document.getElementById("model-tree"), t);
    const m = data("map-data"); const mapEl = document.querySelector(".chart.map");
    if (m && mapEl) worldMap(mapEl, m);
    const h = data("history-data"); if (h) line(document.getElementById("members-chart"), h);
    const c = data("consents-data"); if (c) bars(document.getElementById("consents-chart"), c, "consents");
    const n = data("network-data"); if (n) network(document.getElementById("network"), n);
    const tl = data("timeline-data"); if (tl) timeline(document.getElementById("timeline"), tl);
    const onInput = document.getElementById("on");
    if (onInput) onInput.addEventListener("change", () => document.getElementById("asof-form").requestSubmit());
    // forms marked data-autosubmit apply a checkbox at once (no inline script: the CSP forbids it)
    document.querySelectorAll("form[data-autosubmit] input[type=checkbox], form[data-autosubmit] select").forEach((box) =>
      box.addEventListener("change", () => box.form.requestSubmit()));
  });
})();
