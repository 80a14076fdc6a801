/* Interactive charts of "Never the twain?" (loaded only on pages that hold one).
 *
 * Draws the Plotly charts whose figures the notebooks wrote into the page
 * (<script type="application/json" class="plotly-spec">), lazily for the hover versions
 * of figures (when the reader opens their block), and runs the Explore page: pick a day
 * with the date box or the slider, and the map, member lists, border and spending
 * follow. All data are in the page (see alliances.interactive); nothing is fetched.
 */
(function () {
  "use strict";

  function spec(target) {
    var node = document.querySelector('script.plotly-spec[data-target="' + target + '"]');
    return node ? JSON.parse(node.textContent) : null;
  }

  function draw(target) {
    var fig = spec(target);
    var el = document.getElementById(target);
    if (!fig || !el || el.dataset.drawn) return Promise.resolve(el);
    el.dataset.drawn = "1";
    return Plotly.newPlot(el, fig.data, fig.layout, fig.config);
  }

  /* Hover versions of static figures: drawn when first opened. */
  document.querySelectorAll("details.interactive-twin").forEach(function (block) {
    block.addEventListener("toggle", function () {
      if (!block.open) return;
      var plot = block.querySelector(".twin-plot");
      draw(plot.id).then(function () { Plotly.Plots.resize(plot); });
    });
  });

  /* The Explore page. */
  var root = document.getElementById("explore");
  if (!root) return;
  var data = JSON.parse(document.getElementById("explore-data").textContent);
  var dateBox = document.getElementById("explore-date");
  var slider = document.getElementById("explore-slider");
  var DAY_MS = 86400000;
  var startMs = Date.parse(data.start + "T00:00:00Z");
  var STATUS = {
    member: "member", signatory: "signatory, treaty not yet in force",
    frozen: "participation frozen", suspended: "suspended"
  };

  function isoOf(offset) {
    return new Date(startMs + offset * DAY_MS).toISOString().slice(0, 10);
  }
  function offsetOf(iso) {
    return Math.round((Date.parse(iso + "T00:00:00Z") - startMs) / DAY_MS);
  }
  /* "16 Sep 2003", as the book's tables write dates (en-GB would give "Sept"). */
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec"];
  function shortDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }
  function longDate(iso) {
    return new Date(iso + "T00:00:00Z").toLocaleDateString("en-GB", {
      day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
    });
  }
  /* The state in force on a day: the last listed day on or before it. */
  function stateOn(iso) {
    var lo = 0, hi = data.states.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (data.states[mid].day <= iso) lo = mid; else hi = mid - 1;
    }
    return data.states[lo];
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function table(caption, head, rows, cls) {
    var t = el("table", undefined, "explore-table " + (cls || ""));
    t.appendChild(el("caption", caption));
    var tr = el("tr");
    head.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
    t.appendChild(el("thead")).appendChild(tr);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (c, i) { row.appendChild(el(i === 0 ? "th" : "td", c)); });
      if (row.firstChild) row.firstChild.scope = "row";
      body.appendChild(row);
    });
    return t;
  }
  function spendingYear(iso) {
    var year = Number(iso.slice(0, 4));
    var years = Object.keys(data.spending).map(Number).sort(function (a, b) { return a - b; });
    var use = Math.min(Math.max(year, years[0]), years[years.length - 1]);
    return { year: use, asked: year, s: data.spending[String(use)] };
  }

  var mapEl = document.getElementById("explore-map");
  var ready = draw("explore-map");
  var nCountries = data.countries.length;
  var shown = null;

  function show(iso) {
    if (iso < data.start) iso = data.start;
    if (iso > data.end) iso = data.end;
    var st = stateOn(iso);
    var sp = spendingYear(iso);
    dateBox.value = iso;
    slider.value = offsetOf(iso);
    var when = longDate(iso);
    document.getElementById("explore-summary").textContent =
      "On " + when + ": NATO " + st.nato.count + " members, CST/CSTO " + st.csto.count +
      " members; NATO–CSTO land border " + st.border_total + " km.";
    document.getElementById("explore-note").textContent =
      iso >= data.checked ? "Events checked up to " + longDate(data.checked) +
      "; later changes are not recorded." : "";

    ["nato", "csto"].forEach(function (bloc) {
      var roster = data.rosters[st[bloc].roster];
      var money = sp.s ? sp.s[bloc].rows : {};
      var rows = roster.map(function (r) {
        var m = money[r[0]] || ["–", "–"];
        var status = (STATUS[r[2]] || r[2]) + (r[4] ? "" : " (not counted)");
        return [r[1], status, shortDate(r[3]), m[0], m[1]];
      });
      var box = document.getElementById("explore-" + bloc);
      box.replaceChildren(table(
        (bloc === "nato" ? "NATO" : "CST/CSTO") + " on " + when + ": " + st[bloc].count +
        " members (" + st[bloc].framework + ")",
        ["Member", "Status", "Since", "Share of bloc spending, " + sp.year,
         "Spending, % of GDP, " + sp.year], rows));
    });

    var stretches = data.stretches[st.stretches].map(function (r) {
      return [r[0] + " – " + r[1], r[2]];
    });
    document.getElementById("explore-border").replaceChildren(
      stretches.length ? table("Total " + st.border_total + " km on " + when,
                               ["Stretch", "km"], stretches, "numbers")
                       : el("p", "No land border between the two blocs on " + when + "."));

    var spend = document.getElementById("explore-spending");
    var lines = [];
    if (sp.s) {
      var unit = "US$ million at constant " + data.price_base_year + " prices";
      lines.push("In " + sp.year + " (members on 31 December; " + unit + "): NATO " +
                 sp.s.nato.total + ", CST/CSTO " + sp.s.csto.total +
                 "; NATO spent " + sp.s.ratio + " times as much.");
      lines.push("Members at or above " + data.guideline_pct + " % of GDP: NATO " +
                 sp.s.nato.meeting + " of " + sp.s.nato.counted + ", CST/CSTO " +
                 sp.s.csto.meeting + " of " + sp.s.csto.counted + ".");
      if (sp.year !== sp.asked) {
        lines.push("SIPRI's figures end in " + sp.year + ": that year is shown.");
      }
      var missing = sp.s.nato.missing.concat(sp.s.csto.missing);
      if (missing.length) lines.push("No figure for: " + missing.join(", ") + ".");
    }
    spend.replaceChildren.apply(spend, lines.map(function (t) { return el("p", t); }));

    var key = st.map + "|" + st.areas.join(",");
    if (key !== shown) {
      shown = key;
      var codes = data.maps[st.map];
      var fills = [], texts = [], idx = [];
      for (var i = 0; i < nCountries; i++) {
        var cat = data.codes[codes[i]];
        idx.push(i);
        fills.push(data.colours[cat]);
        texts.push(data.names[data.countries[i]] + ": " + data.labels[cat]);
      }
      ready.then(function () {
        Plotly.restyle(mapEl, { fillcolor: fills, text: texts }, idx);
        var areaIdx = [], vis = [];
        mapEl.data.forEach(function (trace, j) {
          if (trace.name && trace.name.indexOf("area:") === 0) {
            areaIdx.push(j);
            vis.push(st.areas.indexOf(trace.name.slice(5)) >= 0);
          }
        });
        if (areaIdx.length) Plotly.restyle(mapEl, { visible: vis }, areaIdx);
      });
    }
    mapEl.setAttribute("aria-label", "Map of the blocs on " + when +
                       ": NATO members blue, CST/CSTO members vermilion");
    root.dataset.shown = iso;
  }

  dateBox.addEventListener("change", function () { if (dateBox.value) show(dateBox.value); });
  slider.addEventListener("input", function () { show(isoOf(Number(slider.value))); });
  show(root.dataset.start);
})();
