/* Interactive charts of "Never the twain?" (loaded only on pages that hold one).
 *
 * Draws the Plotly charts whose figures the notebooks wrote into the page
 * (<script type="application/json" class="plotly-spec">), lazily for the hover versions
 * of figures (when the reader opens their block), and runs the Explore page: pick a day
 * with the date box, the slider or a key day's button, and the map, member lists, border
 * and spending follow. All data are in the page (see alliances.presentation.interactive); nothing is
 * fetched. A typed date is applied only once it is a complete, valid day in range: the
 * box is never rewritten while the reader is typing in it.
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

  /* Tables that scroll sideways (on a phone) say so under them (book.css, ".scrolls").
     Jupyter Book loads this file on every page, in the head: wait for the page. */
  function markScrolling() {
    document.querySelectorAll(".reader-table-scroll, .explore-scroll").forEach(function (box) {
      box.classList.toggle("scrolls", box.scrollWidth - box.clientWidth > 2);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markScrolling);
  } else {
    markScrolling();
  }
  window.addEventListener("resize", markScrolling);

  /* The Explore page. */
  var root = document.getElementById("explore");
  if (!root) return;
  var data = JSON.parse(document.getElementById("explore-data").textContent);
  var dateBox = document.getElementById("explore-date");
  var slider = document.getElementById("explore-slider");
  var help = document.getElementById("explore-date-help");
  var DAY_MS = 86400000;
  var startMs = Date.parse(data.start + "T00:00:00Z");
  var MISSING = "\u2014";  /* one marker for a missing value, explained under the tables */
  var STATUS = {
    member: "member", signatory: "signatory, treaty not yet in force",
    frozen: "participation frozen", suspended: "suspended"
  };
  var BLOC = { nato: "NATO", csto: "CST/CSTO" };

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
  /* "North Atlantic Treaty Organization (in force since 1949-08-24)" ->
     "North Atlantic Treaty Organization, in force since 24 Aug 1949". */
  function framework(text) {
    return text.replace(/ \(([^()]*)\)$/, ", $1").replace(/\d{4}-\d{2}-\d{2}/g, shortDate);
  }
  /* A day typed or picked in the box: an ISO date that exists and lies in range, or null.
     Chromium reports each segment as it is typed (the year passes through 0002, 0020,
     0201): such values are not days of the page and are ignored. */
  function validDay(value) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
    var ms = Date.parse(value + "T00:00:00Z");
    if (isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return null;
    return value >= data.start && value <= data.end ? value : null;
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
  /* A table; ``kinds`` gives each column's class: "num" (right-aligned), "date" (never
     wraps) or "". */
  function table(caption, head, rows, kinds) {
    kinds = kinds || [];
    var t = el("table", undefined, "explore-table");
    t.appendChild(el("caption", caption));
    var tr = el("tr");
    head.forEach(function (h, i) {
      var th = el("th", h, kinds[i]); th.scope = "col"; tr.appendChild(th);
    });
    t.appendChild(el("thead")).appendChild(tr);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (c, i) { row.appendChild(el(i === 0 ? "th" : "td", c, kinds[i])); });
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
  /* Numbers arrive as numbers or as the CLI prints them ("1,417,848", "2.15%", "n/a"). */
  function number(value) {
    if (typeof value === "number") return isFinite(value) ? value : null;
    if (value === undefined || value === null) return null;
    var n = parseFloat(String(value).replace(/,/g, ""));
    return isNaN(n) ? null : n;
  }
  function fmt(n, decimals) {
    return n.toLocaleString("en-GB", { minimumFractionDigits: decimals,
                                       maximumFractionDigits: decimals });
  }
  /* US$ million -> "1,417.8" (US$ bn). */
  function billions(million) {
    var n = number(million);
    return n === null ? MISSING : fmt(n / 1000, 1);
  }
  /* A share of a bloc's spending; a member with a figure above zero never shows "0.0%". */
  function share(value, spends) {
    var n = number(value);
    if (n === null) return MISSING;
    if (n < 0.05 && (n > 0 || spends)) return "<0.1%";
    return n === 0 ? "0%" : fmt(n, 1) + "%";
  }
  function percent(value, decimals) {
    var n = number(value);
    return n === null ? MISSING : fmt(n, decimals) + "%";
  }
  /* The first day of the spell in the bloc that includes ``iso``. */
  function since(bloc, iso3, iso) {
    var spells = (data.since && data.since[bloc] && data.since[bloc][iso3]) || [];
    var first = null;
    spells.forEach(function (d) { if (d <= iso) first = d; });
    return first;
  }
  var names = {};
  Object.keys(data.names || {}).forEach(function (c) { names[c] = data.names[c]; });
  data.rosters.forEach(function (r) { r.forEach(function (m) { names[m[0]] = m[1]; }); });
  function firstSignature(bloc) {
    var first = null;
    Object.keys((data.since && data.since[bloc]) || {}).forEach(function (c) {
      var d = data.since[bloc][c][0];
      if (!first || d < first) first = d;
    });
    return first;
  }

  var mapEl = document.getElementById("explore-map");
  var ready = draw("explore-map");
  var nCountries = data.countries.length;
  var shown = null;
  /* Spending is shown in US$ bn; the basis (current or constant prices) comes with the
     data ("current US$", "constant (2023) US$"), as the CLI names it. */
  var basis = data.prices === "current" ? "current prices and exchange rates"
    : data.prices === "constant" ? "constant " + data.price_base_year + " prices"
    : (data.price_basis || "constant " + data.price_base_year + " prices");
  var unit = "US$ bn, " + basis;

  function show(iso) {
    var st = stateOn(iso);
    var sp = spendingYear(iso);
    if (document.activeElement !== dateBox && dateBox.value !== iso) dateBox.value = iso;
    slider.value = offsetOf(iso);
    slider.setAttribute("aria-valuetext", longDate(iso));
    root.querySelectorAll("button.explore-day").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.day === iso ? "true" : "false");
    });
    var when = longDate(iso);
    var counts = ["nato", "csto"].map(function (bloc) {
      if (st[bloc].count === 0 && st[bloc].framework === "none in force") {
        return bloc === "csto" ? "the Collective Security Treaty not yet signed"
                               : BLOC[bloc] + " not yet founded";
      }
      return BLOC[bloc] + " " + st[bloc].count + " members";
    });
    document.getElementById("explore-summary").textContent =
      "On " + when + ": " + counts.join(", ") + "; NATO–CSTO land border " +
      st.border_total + " km.";
    document.getElementById("explore-note").textContent =
      iso >= data.checked ? "Events checked up to " + longDate(data.checked) +
      "; later changes are not recorded." : "";

    var anyMissing = false;
    ["nato", "csto"].forEach(function (bloc) {
      var box = document.getElementById("explore-" + bloc);
      if (st[bloc].count === 0 && st[bloc].framework === "none in force") {
        var first = firstSignature(bloc);
        box.replaceChildren(el("p", bloc === "csto" && first
          ? "On " + when + " no state had signed the Collective Security Treaty: its first " +
            "signatories signed it on " + longDate(first) + "."
          : "No member on " + when + "."));
        return;
      }
      var roster = data.rosters[st[bloc].roster];
      var money = sp.s ? sp.s[bloc].rows : {};
      var rows = roster.map(function (r) {
        var m = money[r[0]];
        var burden = m ? percent(m[1], 2) : MISSING;
        var part = m ? share(m[0], number(m[1]) > 0) : MISSING;
        if (part === MISSING || burden === MISSING) anyMissing = true;
        var status = STATUS[r[2]] || r[2];
        if (r[2] === "frozen" || r[2] === "suspended") status += " since " + shortDate(r[3]);
        if (!r[4]) status += ", not counted";
        var first = since(bloc, r[0], iso);
        return [r[1], status, first ? shortDate(first) : MISSING, part, burden];
      });
      box.replaceChildren(table(
        BLOC[bloc] + " on " + when + ": " + st[bloc].count + " members. " +
        framework(st[bloc].framework) + ".",
        ["Member", "Status", "In " + BLOC[bloc] + " since",
         "Share of bloc spending, " + sp.year, "Spending, % of GDP, " + sp.year],
        rows, ["", "status", "date", "num", "num"]));
    });
    document.getElementById("explore-footnote").textContent =
      anyMissing ? MISSING + " no SIPRI figure." : "";

    var stretches = data.stretches[st.stretches].map(function (r) {
      return [r[0] + " – " + r[1], r[2]];
    });
    document.getElementById("explore-border").replaceChildren(
      stretches.length ? table("Total " + st.border_total + " km on " + when,
                               ["Stretch", "km"], stretches, ["", "num"])
                       : el("p", "No land border between the two blocs on " + when + "."));

    var spend = document.getElementById("explore-spending");
    var parts = [];
    if (sp.s) {
      var rowsOf = ["nato", "csto"].map(function (bloc) {
        var b = sp.s[bloc];
        return [BLOC[bloc], billions(b.total), b.meeting + " of " + b.counted];
      });
      parts.push(table(
        "Military spending in " + sp.year + " of each bloc's members on 31 December " +
        sp.year + " (" + unit + ")",
        ["Bloc", "Spending, US$ bn", "Members at or above " + data.guideline_pct + "% of GDP"],
        rowsOf, ["", "num", "num"]));
      var ratio = number(sp.s.ratio);
      if (ratio !== null) {
        parts.push(el("p", "NATO spent " + fmt(ratio, 1) + " times as much as the CST/CSTO."));
      }
      if (sp.year !== sp.asked) {
        parts.push(el("p", "SIPRI's figures end in " + sp.year + ": that year is shown."));
      }
      var missing = sp.s.nato.missing.concat(sp.s.csto.missing).map(function (c) {
        return names[c] || c;
      });
      if (missing.length) {
        parts.push(el("p", "No SIPRI figure for " + missing.join(", ") + " in " + sp.year +
                      ": left out of the totals.", "explore-footnote"));
      }
    }
    spend.replaceChildren.apply(spend, parts);

    var key = st.map + "|" + st.areas.join(",");
    if (key !== shown) {
      shown = key;
      var codes = data.maps[st.map];
      var colourOf = function (iso3) {
        var i = data.countries.indexOf(iso3);
        return i < 0 ? data.colours.neither : data.colours[data.codes[codes[i]]];
      };
      var fills = [], texts = [], idx = [];
      for (var i = 0; i < nCountries; i++) {
        var cat = data.codes[codes[i]];
        idx.push(i);
        fills.push(data.colours[cat]);
        texts.push(data.names[data.countries[i]] + ": " + data.labels[cat]);
      }
      ready.then(function () {
        Plotly.restyle(mapEl, { fillcolor: fills, text: texts }, idx);
        var areaIdx = [], vis = [], fill = [], hatch = [], line = [], text = [];
        mapEl.data.forEach(function (trace, j) {
          if (!trace.name || trace.name.indexOf("area:") !== 0) return;
          var id = trace.name.slice(5), held = st.areas.indexOf(id) >= 0;
          var info = (data.areas || {})[id];
          var label = trace.text.split(": ")[0];
          areaIdx.push(j);
          if (info && info.cut) {  /* Crimea: filled with its holder's colour that day */
            vis.push(true);
            fill.push(colourOf(held ? info.holder : info.owner));
            text.push(label + ": " + (held ? info.held_text : info.owner_text));
          } else {  /* a breakaway area: hatched over its state while it is held */
            vis.push(held);
            fill.push("rgba(0,0,0,0)");
            text.push(trace.text);
          }
          hatch.push(held ? "/" : "");
          line.push(held ? "#333333" : "#ffffff");
        });
        if (areaIdx.length) {
          Plotly.restyle(mapEl, { visible: vis, fillcolor: fill, "fillpattern.shape": hatch,
                                  "line.color": line, text: text }, areaIdx);
        }
      });
    }
    markScrolling();
    mapEl.setAttribute("aria-label", "Map of the blocs on " + when +
                       ": NATO members blue, CST/CSTO members vermilion");
    root.dataset.shown = iso;
  }

  function fromBox() {
    var day = validDay(dateBox.value);
    if (day) {
      help.textContent = "";
      if (day !== root.dataset.shown) show(day);
    } else if (dateBox.value) {
      help.textContent = "A day between " + longDate(data.start) + " and " +
        longDate(data.end) + ".";
    }
  }
  dateBox.addEventListener("input", fromBox);
  dateBox.addEventListener("change", fromBox);
  /* Leaving the box with an incomplete or out-of-range date shows the day in force again. */
  dateBox.addEventListener("blur", function () {
    if (!validDay(dateBox.value)) {
      dateBox.value = root.dataset.shown;
      help.textContent = "";
    }
  });
  slider.addEventListener("input", function () { show(isoOf(Number(slider.value))); });
  root.querySelectorAll("button.explore-day").forEach(function (b) {
    b.addEventListener("click", function () { show(b.dataset.day); });
  });
  show(validDay(root.dataset.start) || data.end);
})();
