// Progressive enhancements. Every page is complete without this script; with
// it, the pledge matrix can be filtered by status, kind of commitment and
// country and sorted by any column, and the timeline filtered by country and
// by kind. The state lives in the URL, so a filtered view can be shared.
(function () {
  "use strict";
  var query = new URLSearchParams(location.search);

  function save() {
    var s = query.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }

  function make(tag, props, kids) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") e.textContent = props[k];
      else e.setAttribute(k, props[k]);
    });
    (kids || []).forEach(function (k) { e.appendChild(k); });
    return e;
  }

  // control makes a labelled select (options: [[value, label]]) or, without
  // options, a search box, bound to the query parameter name.
  function control(name, label, options, apply) {
    var input;
    if (options) {
      input = make("select", { name: name });
      input.appendChild(make("option", { value: "", text: "All" }));
      options.forEach(function (o) { input.appendChild(make("option", { value: o[0], text: o[1] })); });
    } else {
      input = make("input", { type: "search", name: name, autocomplete: "off" });
    }
    input.value = query.get(name) || "";
    if (input.value !== (query.get(name) || "")) input.value = ""; // a stale value from an old link
    input.addEventListener(options ? "change" : "input", function () {
      if (input.value) query.set(name, input.value); else query.delete(name);
      save();
      apply();
    });
    return make("label", {}, [document.createTextNode(label + " "), input]);
  }

  // place puts the controls in the slot the page keeps for them, which has
  // their height already, so nothing below moves.
  function place(label, controls, status) {
    var f = make("form", { class: "filters", role: "search", "aria-label": label }, controls);
    f.addEventListener("submit", function (e) { e.preventDefault(); });
    document.querySelector("[data-filters]").replaceChildren(f, status);
  }

  function unique(pairs) {
    var seen = {};
    return pairs.filter(function (p) { return !seen[p[0]] && (seen[p[0]] = true); });
  }

  function matches(text, needle) {
    return !needle || text.toLowerCase().indexOf(needle.toLowerCase()) >= 0;
  }

  var table = document.querySelector("table[data-filter]");
  if (table) {
    var heads = [].slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var rows = [].slice.call(body.rows);
    var count = make("p", { class: "filter-count", role: "status" });
    var statuses = unique([].slice.call(table.querySelectorAll("tbody .status")).map(function (s) {
      return [s.className.replace(/.*status-(\S+).*/, "$1"), s.textContent.replace(/^\W+/, "").trim()];
    }));
    var categories = heads.filter(function (h) { return h.dataset.col; }).map(function (h) { return [h.dataset.col, h.textContent.trim()]; });

    var applyMatrix = function () {
      var st = query.get("status"), cat = query.get("category"), who = query.get("country"), shown = 0;
      var col = heads.findIndex(function (h) { return h.dataset.col === cat; });
      heads.forEach(function (h, i) { h.hidden = col > 0 && h.dataset.col !== undefined && i !== col; });
      rows.forEach(function (r) {
        var cells = [].slice.call(r.cells);
        cells.forEach(function (c, i) { c.hidden = heads[i].hidden; });
        var pool = col > 0 ? [cells[col]] : cells.slice(1);
        var ok = matches(r.dataset.name + " " + r.dataset.country, who) &&
          (!st ? col < 0 || cells[col].dataset.status : pool.some(function (c) { return (" " + (c.dataset.status || "") + " ").indexOf(" " + st + " ") >= 0; }));
        r.hidden = !ok;
        if (ok) shown++;
      });
      [].slice.call(table.tFoot ? table.tFoot.rows[0].cells : []).forEach(function (c, i) { c.hidden = heads[i].hidden; });
      count.textContent = "Showing " + shown + " of " + rows.length + " countries.";
    };

    var sortBy = function (i, dir) {
      var key = function (r) {
        var c = r.cells[i];
        return i === 0 ? r.dataset.name : Number(c.dataset.rank !== undefined ? c.dataset.rank : c.textContent);
      };
      rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = typeof x === "string" ? x.localeCompare(y) : x - y;
        return dir === "descending" ? -d : d;
      }).forEach(function (r) { body.appendChild(r); });
      heads.forEach(function (h, j) {
        if (j === i) h.setAttribute("aria-sort", dir); else h.removeAttribute("aria-sort");
      });
    };

    heads.forEach(function (h, i) {
      var b = make("button", { type: "button", class: "sort" });
      while (h.firstChild) b.appendChild(h.firstChild);
      h.appendChild(b);
      b.addEventListener("click", function () {
        var dir = h.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        query.set("sort", i + (dir === "descending" ? "-" : ""));
        save();
        sortBy(i, dir);
      });
    });

    place("Filter the matrix", [
      control("status", "Status", statuses, applyMatrix),
      control("category", "Kind of commitment", categories, applyMatrix),
      control("country", "Country", null, applyMatrix)
    ], count);
    var s = /^(\d+)(-?)$/.exec(query.get("sort") || "");
    if (s && heads[+s[1]]) sortBy(+s[1], s[2] ? "descending" : "ascending");
    applyMatrix();
  }

  var timeline = document.querySelector("[data-timeline]");
  if (timeline) {
    var entries = [].slice.call(timeline.querySelectorAll(".entry"));
    var months = [].slice.call(timeline.querySelectorAll("section"));
    var shownCount = make("p", { class: "filter-count", role: "status" });
    var names = function (e) { return [].slice.call(e.querySelectorAll(".tags a")).map(function (a) { return a.textContent; }); };
    var countries = unique([].concat.apply([], entries.map(names)).sort().map(function (n) { return [n, n]; }));
    var kinds = unique(entries.map(function (e) { return [e.dataset.kind, e.querySelector(".kind").textContent]; }));

    var applyTimeline = function () {
      var who = query.get("country"), kind = query.get("kind"), shown = 0;
      entries.forEach(function (e) {
        var ok = (!kind || e.dataset.kind === kind) && (!who || names(e).indexOf(who) >= 0);
        e.hidden = !ok;
        if (ok) shown++;
      });
      months.forEach(function (m) { m.hidden = !m.querySelector(".entry:not([hidden])"); });
      shownCount.textContent = "Showing " + shown + " of " + entries.length + " entries.";
    };
    place("Filter the timeline", [
      control("country", "Country", countries, applyTimeline),
      control("kind", "Kind", kinds, applyTimeline)
    ], shownCount);
    applyTimeline();
  }
})();
