// ctcoop's pictures: each reads a JSON data island written by the server and draws with d3.
(function () {
  "use strict";
  const data = (id) => { const el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; };
  const on = new URLSearchParams(location.search).get("on");
  const withOn = (url) => (on && url && !url.includes("on=") ? url + (url.includes("?") ? "&" : "?") + "on=" + on : url);

  // The home tree: each depth's column is as wide as its longest shown label, so labels (all to
  // the right of their node, on a white halo) never overlap; rows are 18 px apart for 12 px text.
  // A wide tree scrolls sideways inside its box instead of shrinking.
  function tree(el, root) {
    const dx = 18, gap = 36, font = "12px sans-serif";
    const measure = document.createElement("canvas").getContext("2d"); measure.font = font;
    const h = d3.hierarchy(root);
    h.descendants().forEach((d, i) => { d.id = i; d._children = d.children; if (d.depth > 1) d.children = null; });
    const text = (d) => d.data.name + (d._children && !d.children ? " (" + d._children.length + ")" : "");
    const layout = d3.tree().nodeSize([dx, 1]);
    const svg = d3.create("svg").attr("font-family", "sans-serif").attr("class", "tree");
    const gLink = svg.append("g"), gNode = svg.append("g");
    function update() {
      layout(h);
      const shown = h.descendants();
      const widths = [];
      shown.forEach((d) => { widths[d.depth] = Math.max(widths[d.depth] || 0, measure.measureText(text(d)).width); });
      const column = [0];
      widths.forEach((w, i) => { column[i + 1] = column[i] + 8 + w + gap; });
      shown.forEach((d) => { d.y = column[d.depth]; });
      let left = h, right = h;
      h.eachBefore((n) => { if (n.x < left.x) left = n; if (n.x > right.x) right = n; });
      const width = column[widths.length] + 16, height = right.x - left.x + dx * 2;
      svg.attr("viewBox", [-8, left.x - dx, width, height]).attr("width", width).attr("height", height);
      const nodes = shown.reverse(), links = h.links();
      const node = gNode.selectAll("g").data(nodes, (d) => d.id);
      const enter = node.enter().append("g").attr("class", "tree-node").attr("tabindex", 0)
        .attr("role", "button").attr("aria-label", (d) => d.data.name)
        .on("click", (e, d) => act(d)).on("keydown", (e, d) => { if (e.key === "Enter") act(d); });
      enter.append("circle").attr("r", 4).attr("fill", (d) => (d._children ? "#0b5cad" : "#8c959f"));
      enter.append("text").attr("dy", "0.31em").attr("x", 8).attr("text-anchor", "start");
      const all = node.merge(enter).attr("transform", (d) => `translate(${d.y},${d.x})`)
        .attr("aria-expanded", (d) => (d._children ? String(Boolean(d.children)) : null));
      all.select("text").text(text);
      node.exit().remove();
      const link = gLink.selectAll("path").data(links, (d) => d.target.id);
      link.enter().append("path").attr("class", "tree-link").merge(link)
        .attr("d", d3.linkHorizontal().x((d) => d.y).y((d) => d.x));
      link.exit().remove();
    }
    function act(d) {
      if (d._children) { d.children = d.children ? null : d._children; update(); }
      else if (d.data.url) location.href = withOn(d.data.url);
    }
    update();
    el.appendChild(svg.node());
  }

  async function worldMap(el, spec) {
    const world = await d3.json("/static/vendor/countries-110m.json");
    const countries = topojson.feature(world, world.objects.countries);
    const width = el.clientWidth || 900, height = width * 0.5;
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
    const shapes = svg.append("g").selectAll("path").data(countries.features).join("path")
      .attr("d", path)
      .on("click", (e, f) => { const iso = spec.iso[f.id]; if (spec.link && iso) location.href = spec.link.replace("{id}", iso); });
    const titles = shapes.append("title");
    // paint(values) recolours the map: the coverage map's date slider calls it for each frame
    const paint = (values) => {
      shapes.attr("class", (f) => { const iso = spec.iso[f.id]; const v = iso && values[iso];
        return "country" + (v ? " " + v : "") + (spec.link && iso ? " linked" : ""); })
        .attr("data-iso", (f) => spec.iso[f.id] || null);
      titles.text((f) => { const iso = spec.iso[f.id]; return (f.properties.name || iso) + (iso && values[iso] ? ": " + values[iso].replace(/_/g, " ") : ""); });
    };
    paint(spec.values);
    el.appendChild(svg.node());
    return paint;
  }

  // The coverage map's date slider: moving it (or Play) fetches the map of 31 December of that year
  // and recolours the map and the legend's counts; the last year is the page's own date.
  function coverageTime(paint, spec) {
    const slider = document.getElementById("year"), out = document.getElementById("year-out");
    const play = document.getElementById("play");
    if (!slider || !spec.frames) return;
    const last = +slider.max, asked = slider.dataset.on;
    let playing = false, shown = 0;
    const show = async (year) => {
      const day = year === last ? asked : `${year}-12-31`;
      const ticket = ++shown;
      const frame = await (await fetch(`${spec.frames}&on=${day}`)).json();
      if (ticket !== shown) return; // a later frame was asked for meanwhile
      paint(frame.values);
      out.textContent = day; slider.setAttribute("aria-valuetext", day);
      document.getElementById("frame-date").textContent = day;
      Object.entries(frame.row_counts).forEach(([c, n]) => {
        const cell = document.querySelector(`[data-count="${c}"]`); if (cell) cell.textContent = `(${n})`; });
      document.getElementById("coverage-map").dataset.on = day;
    };
    slider.addEventListener("input", () => show(+slider.value));
    play.addEventListener("click", async () => {
      playing = !playing;
      play.setAttribute("aria-pressed", String(playing));
      play.textContent = playing ? "Pause" : `Play ${slider.min}–${last}`;
      if (+slider.value >= last) slider.value = slider.min;
      while (playing && +slider.value <= last) {
        await show(+slider.value);
        await new Promise((r) => setTimeout(r, 350));
        if (+slider.value === last) break;
        if (playing) slider.value = +slider.value + 1;
      }
      playing = false; play.setAttribute("aria-pressed", "false"); play.textContent = `Play ${slider.min}–${last}`;
    });
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

  // States bound by an instrument at each year's end (solid), and the most there could be if every
  // unknown were bound (dashed): the gap between the lines is what the data cannot decide.
  function partiesOverTime(el, series) {
    const years = Object.keys(series).map(Number);
    if (!years.length) return;
    const width = el.clientWidth || 600, height = 260, m = { t: 10, r: 10, b: 30, l: 40 };
    const x = d3.scaleLinear().domain(d3.extent(years)).range([m.l, width - m.r]);
    const top = d3.max(years, (yr) => series[yr].bound + series[yr].unknown) || 1;
    const y = d3.scaleLinear().domain([0, top]).nice().range([height - m.b, m.t]);
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
    svg.append("g").attr("transform", `translate(0,${height - m.b})`)
      .call(d3.axisBottom(x).ticks(Math.min(years.length, 10)).tickFormat(d3.format("d")));
    svg.append("g").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5));
    const path = (cls, value) => svg.append("path").datum(years).attr("class", cls)
      .attr("d", d3.line().curve(d3.curveStepAfter).x((yr) => x(yr)).y((yr) => y(value(series[yr]))));
    path("line-unknown", (c) => c.bound + c.unknown);
    path("line-bound", (c) => c.bound);
    svg.append("g").selectAll("circle").data(years).join("circle").attr("class", "point")
      .attr("cx", (yr) => x(yr)).attr("cy", (yr) => y(series[yr].bound)).attr("r", 6).attr("fill-opacity", 0)
      .append("title").text((yr) => `${yr}: ${series[yr].bound} bound, ${series[yr].unknown} unknown, ${series[yr].not_bound} not bound`);
    el.appendChild(svg.node());
  }

  // The network laid out by level: global organisations in the top band, regional ones in the
  // middle band, states below, each drawn towards the organisations it belongs to; bilateral links
  // join states. Labels never overlap: they are placed greedily, most connected first, and a label
  // that would collide is left out until zooming makes room. Wheel or pinch zooms, dragging pans;
  // a click (or Enter) on a node shows its neighbourhood and lists it beside the picture.
  function network(el, graph) {
    const width = el.clientWidth || 1100, height = 680;
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]).attr("class", "network");
    const colour = { state: "#8c959f", regional: "#0b5cad", global: "#6f42c1", bilateral: "#1a7f37" };
    const band = { global: 50, regional: 170, state: 430 };
    const view = svg.append("g");
    const gLinks = view.append("g").attr("class", "links"), gNodes = view.append("g").attr("class", "nodes");
    const panel = document.getElementById("network-panel");
    let shown = new Set(["regional", "global", "bilateral"]), selected = null, nodes = [], links = [];
    const orgs = graph.nodes.filter((n) => n.kind !== "state").sort((a, b) => a.name.localeCompare(b.name));
    ["global", "regional"].forEach((level) => {
      const row = orgs.filter((n) => n.level === level);
      row.forEach((n, i) => { n.fx = ((i + 0.5) / row.length) * width; n.fy = band[level]; });
    });
    const degree = {};
    graph.links.forEach((l) => { degree[l.source] = (degree[l.source] || 0) + 1; degree[l.target] = (degree[l.target] || 0) + 1; });
    const label = (d) => (d.kind === "state" ? d.id : d.name);

    function placeLabels() {
      // screen-space boxes at the current zoom; a selected neighbourhood is labelled first
      const near = selected ? neighbours(selected.id) : new Set();
      const order = [...nodes].sort((a, b) => (near.has(b.id) - near.has(a.id)) || (b.kind !== "state") - (a.kind !== "state")
        || (degree[b.id] || 0) - (degree[a.id] || 0));
      const placed = [];
      const fits = (r) => placed.every((q) => r.x2 < q.x1 || r.x1 > q.x2 || r.y2 < q.y1 || r.y1 > q.y2);
      gNodes.selectAll("g.node text").attr("display", "none");
      order.forEach((d) => {
        const text = d.labelEl; if (!text) return;
        text.setAttribute("display", "inline");
        const box = text.getBBox(), t = d3.zoomTransform(svg.node());
        const x1 = t.applyX(d.x) + box.x * t.k, y1 = t.applyY(d.y) + box.y * t.k;
        const r = { x1, y1, x2: x1 + box.width * t.k, y2: y1 + box.height * t.k };
        if (fits(r)) placed.push(r); else text.setAttribute("display", "none");
      });
    }

    function neighbours(id) {
      const out = new Set([id]);
      links.forEach((l) => { if (l.source.id === id) out.add(l.target.id); if (l.target.id === id) out.add(l.source.id); });
      return out;
    }

    function select(d) {
      selected = selected && selected.id === d.id ? null : d;
      apply();
    }

    function apply() {
      const near = selected ? neighbours(selected.id) : null;
      gNodes.selectAll("g.node").classed("faded", (n) => near !== null && !near.has(n.id)).classed("selected", (n) => selected !== null && n.id === selected.id);
      gLinks.selectAll("line").classed("faded", (l) => near !== null && l.source.id !== selected.id && l.target.id !== selected.id);
      if (panel) {
        panel.replaceChildren();
        if (selected) {
          const href = withOn(selected.kind === "state" ? "/states/" + selected.id : "/organizations/" + selected.id);
          const h = document.createElement("h2"); const a = document.createElement("a");
          a.href = href; a.textContent = selected.kind === "state" ? selected.name : selected.name; h.appendChild(a);
          const list = document.createElement("ul");
          [...near].filter((id) => id !== selected.id).map((id) => nodes.find((n) => n.id === id))
            .sort((a, b) => a.name.localeCompare(b.name)).forEach((n) => {
              const li = document.createElement("li"); const link = document.createElement("a");
              link.href = withOn(n.kind === "state" ? "/states/" + n.id : "/organizations/" + n.id);
              link.textContent = n.name; li.appendChild(link); list.appendChild(li); });
          const p = document.createElement("p"); p.textContent = `${near.size - 1} linked`;
          panel.append(h, p, list);
        } else {
          const hint = document.createElement("p"); hint.className = "muted";
          hint.textContent = "Click a node to list its links here."; panel.appendChild(hint);
        }
      }
      placeLabels();
    }

    function draw() {
      links = graph.links.filter((l) => shown.has(l.level)).map((l) => ({ ...l }));
      const used = new Set(links.flatMap((l) => [l.source, l.target]));
      nodes = graph.nodes.filter((n) => used.has(n.id)).map((n) => ({ ...n }));
      const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
      // a state is drawn towards the organisations it belongs to (their x), in the states' band
      const pull = {};
      links.forEach((l) => { const s = byId[l.source], t = byId[l.target];
        if (s && t && s.kind === "state" && t.kind !== "state") (pull[s.id] = pull[s.id] || []).push(t.fx); });
      nodes.forEach((n) => { if (n.kind === "state") { const xs = pull[n.id]; n.tx = xs ? d3.mean(xs) : width / 2; n.x = n.tx; n.y = band.state; } });
      const sim = d3.forceSimulation(nodes)
        .force("link", d3.forceLink(links).id((d) => d.id).strength(0.02))
        .force("x", d3.forceX((d) => d.tx ?? d.fx).strength(0.25))
        .force("y", d3.forceY((d) => (d.kind === "state" ? band.state : d.fy)).strength(0.08))
        .force("charge", d3.forceManyBody().strength(-14))
        .force("collide", d3.forceCollide(7)).stop();
      for (let i = 0; i < 300; i += 1) sim.tick();
      nodes.forEach((n) => { n.x = Math.max(8, Math.min(width - 8, n.x)); n.y = Math.max(20, Math.min(height - 8, n.y)); });
      gLinks.selectAll("line").data(links).join("line").attr("stroke", (d) => colour[d.level] || "#999")
        .attr("class", (d) => "link " + d.level)
        .attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y).attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y);
      const node = gNodes.selectAll("g.node").data(nodes, (d) => d.id).join((enter) => {
        const g = enter.append("g").attr("class", "node").attr("tabindex", 0).attr("role", "button")
          .on("click", (e, d) => select(d)).on("keydown", (e, d) => { if (e.key === "Enter") select(d); });
        g.append("circle"); g.append("text").attr("class", "node-label"); g.append("title"); return g; });
      node.attr("transform", (d) => `translate(${d.x},${d.y})`).attr("data-id", (d) => d.id)
        .attr("aria-label", (d) => `${d.name}: show its links`);
      node.select("circle").attr("r", (d) => (d.kind === "state" ? 3.5 : 9)).attr("fill", (d) => colour[d.level] || "#999");
      node.select("text").text(label).attr("dx", (d) => (d.kind === "state" ? 5 : 0))
        .attr("dy", (d) => (d.kind === "state" ? 3 : -13)).attr("text-anchor", (d) => (d.kind === "state" ? "start" : "middle"))
        .attr("class", (d) => "node-label " + d.kind).each(function (d) { d.labelEl = this; });
      node.select("title").text((d) => d.name);
      selected = selected ? byId[selected.id] || null : null;
      apply(); // the neighbourhood, if one is shown, on the new links
    }

    const zoom = d3.zoom().scaleExtent([1, 8]).on("zoom", (e) => {
      view.attr("transform", e.transform);
      // labels and dots keep their size on screen; the room between nodes grows with the zoom
      gNodes.selectAll("text").style("font-size", (d) => (d.kind === "state" ? 10 : 12) / e.transform.k + "px")
        .attr("dx", (d) => (d.kind === "state" ? 5 / e.transform.k : 0)).attr("dy", (d) => (d.kind === "state" ? 3 : -13) / e.transform.k);
      gNodes.selectAll("circle").attr("transform", `scale(${1 / e.transform.k})`);
    }).on("end", placeLabels);
    svg.call(zoom);
    const reset = document.getElementById("network-reset");
    if (reset) reset.addEventListener("click", () => svg.transition().duration(300).call(zoom.transform, d3.zoomIdentity));
    document.querySelectorAll("#network-filter input").forEach((box) => box.addEventListener("change", () => {
      shown = new Set([...document.querySelectorAll("#network-filter input:checked")].map((b) => b.value)); draw(); }));
    el.appendChild(svg.node());
    draw();
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

  // Every table of a page (but those the server writes as CSV itself, data-csv="server") gets a
  // button that downloads its rows as shown (sorted, filtered) as CSV.
  function csvButton(table, n) {
    const cell = (c) => {
      const text = c.textContent.replace(/\s+/g, " ").trim();
      return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    };
    const button = document.createElement("button");
    button.type = "button";
    button.className = "csv-download";
    button.textContent = "Download CSV";
    const name = (table.id || document.title.split("·")[0].trim() || "table-" + n)
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    button.setAttribute("aria-label", "Download this table as CSV (" + name + ".csv)");
    button.addEventListener("click", () => {
      const rows = Array.from(table.rows).filter((r) => !r.hidden);
      const csv = rows.map((r) => Array.from(r.cells).map(cell).join(",")).join("\r\n") + "\r\n";
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      link.download = name + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    const anchor = table.closest(".scroll") || table;
    const tools = document.createElement("p");
    tools.className = "tools";
    tools.appendChild(button);
    anchor.parentNode.insertBefore(tools, anchor);
  }

  // an explanation read when it is opened (details.why[data-src]): the page it links to holds
  // the steps in #why; on failure the link stays, and works
  async function explain(details) {
    if (details.dataset.loaded) return;
    details.dataset.loaded = "loading";
    try {
      const response = await fetch(details.dataset.src, { headers: { accept: "text/html" } });
      if (!response.ok) throw new Error(response.status);
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const steps = page.querySelector("#why ol");
      if (!steps) throw new Error("no steps");
      const link = details.querySelector(".why-link");
      details.replaceChild(document.importNode(steps, true), link);
      details.dataset.loaded = "yes";
    } catch (error) {
      delete details.dataset.loaded;
    }
  }
  document.addEventListener("toggle", (e) => {
    const d = e.target;
    if (d.matches && d.matches("details.why[data-src]") && d.open) explain(d);
  }, true);

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("main table:not([data-csv=server])").forEach((t, n) => { if (t.tHead) csvButton(t, n); });
    document.querySelectorAll("table.sortable").forEach(sortable);
    document.querySelectorAll("input[data-filter]").forEach(filter);
    const t = data("tree-data"); if (t) tree(document.getElementById("model-tree"), t);
    const m = data("map-data"); const mapEl = document.querySelector(".chart.map");
    if (m && mapEl) worldMap(mapEl, m).then((paint) => coverageTime(paint, m));
    const h = data("history-data"); if (h) line(document.getElementById("members-chart"), h);
    const p = data("parties-data"); if (p) partiesOverTime(document.getElementById("parties-chart"), p);
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
