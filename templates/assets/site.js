/* Careers site: listing filters kept in the URL, and the "Copy link" button. No framework. */
(function () {
  "use strict";

  document.querySelectorAll(".copy-link").forEach(function (button) {
    var status = button.parentNode.querySelector(".copy-status");
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-url") || location.href;
      var done = function (text) { if (status) { status.textContent = text; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () { done(button.getAttribute("data-copied")); }, function () { done(url); });
      } else {
        done(url);
      }
    });
  });

  var form = document.querySelector("form.filters");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll(".job[data-department]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".job-group"));
  var count = document.getElementById("result-count");
  var allText = count ? count.textContent : "";
  var chips = form.querySelector(".chips");
  var clearInBar = form.querySelector(".clear-filters");
  var noResults = document.querySelector(".no-results");
  var toggle = form.querySelector(".filters-toggle");
  var multi = ["workplace", "type"];
  var single = ["q", "department", "location"];
  var total = rows.length;
  var searchTimer = null;

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var state = {};
    single.forEach(function (name) { state[name] = params.get(name) || ""; });
    multi.forEach(function (name) { state[name] = params.getAll(name); });
    return state;
  }

  function readForm() {
    var state = {};
    single.forEach(function (name) { state[name] = form.elements[name] ? form.elements[name].value.trim() : ""; });
    multi.forEach(function (name) {
      state[name] = Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']:checked"))
        .map(function (input) { return input.value; });
    });
    return state;
  }

  function writeForm(state) {
    single.forEach(function (name) {
      var control = form.elements[name];
      if (!control) { return; }
      control.value = state[name];
      if (control.tagName === "SELECT" && control.value !== state[name]) { control.value = ""; }
    });
    multi.forEach(function (name) {
      form.querySelectorAll("input[name='" + name + "']").forEach(function (input) {
        input.checked = state[name].indexOf(input.value) !== -1;
      });
    });
  }

  function toQuery(state) {
    var params = new URLSearchParams();
    single.forEach(function (name) { if (state[name]) { params.set(name, state[name]); } });
    multi.forEach(function (name) { state[name].forEach(function (value) { params.append(name, value); }); });
    var query = params.toString();
    return query ? "?" + query : "";
  }

  function matches(row, state) {
    var data = row.dataset;
    if (state.department && data.department !== state.department) { return false; }
    if (state.location && data.location.split("|").indexOf(state.location) === -1) { return false; }
    if (state.workplace.length && state.workplace.indexOf(data.workplace) === -1) { return false; }
    if (state.type.length && !data.type.split(" ").some(function (t) { return state.type.indexOf(t) !== -1; })) {
      return false;
    }
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    return words.every(function (word) { return data.search.indexOf(word) !== -1; });
  }

  function labelFor(name, value) {
    if (name === "q") { return "“" + value + "”"; }
    var control = form.querySelector(
      name === "department" || name === "location" ? "select[name='" + name + "']" : "input[name='" + name + "']"
    );
    if (control && control.tagName === "SELECT") {
      var option = Array.prototype.find.call(control.options, function (o) { return o.value === value; });
      return option ? option.textContent : value;
    }
    var input = Array.prototype.find.call(form.querySelectorAll("input[name='" + name + "']"), function (i) {
      return i.value === value;
    });
    return input ? input.parentNode.textContent.trim() : value;
  }

  function drawChips(state) {
    chips.textContent = "";
    var active = [];
    single.forEach(function (name) { if (state[name]) { active.push([name, state[name]]); } });
    multi.forEach(function (name) { state[name].forEach(function (value) { active.push([name, value]); }); });
    active.forEach(function (pair) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.innerHTML = '<span class="visually-hidden"></span> <span></span> <span aria-hidden="true">×</span>';
      button.children[0].textContent = count.getAttribute("data-remove");
      button.children[1].textContent = labelFor(pair[0], pair[1]);
      button.addEventListener("click", function () {
        var next = readForm();
        if (multi.indexOf(pair[0]) !== -1) {
          next[pair[0]] = next[pair[0]].filter(function (v) { return v !== pair[1]; });
        } else {
          next[pair[0]] = "";
        }
        writeForm(next);
        update(true);
        form.elements.q.focus();
      });
      item.appendChild(button);
      chips.appendChild(item);
    });
    clearInBar.hidden = active.length === 0;
  }

  function update(push) {
    var state = readForm();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, state);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    groups.forEach(function (group) {
      var visible = group.querySelectorAll(".job:not([hidden])").length;
      group.hidden = visible === 0;
      var badge = group.querySelector("h2 .count");
      if (badge) { badge.textContent = "(" + visible + ")"; }
    });
    var text = shown === total ? allText : count.getAttribute("data-some").replace("{shown}", shown);
    if (count.textContent !== text) { count.textContent = text; }
    noResults.hidden = shown !== 0;
    drawChips(state);
    var query = toQuery(state);
    if (query !== location.search) {
      history[push ? "pushState" : "replaceState"](null, "", (query || location.pathname) + location.hash);
    }
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  form.addEventListener("change", function (event) { if (event.target.name !== "q") { update(true); } });
  form.elements.q.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { update(false); }, 150);
  });
  function clearAll() {
    writeForm({ q: "", department: "", location: "", workplace: [], type: [] });
    update(true);
  }
  form.addEventListener("reset", function (event) { event.preventDefault(); clearAll(); });
  noResults.querySelector(".clear-filters").addEventListener("click", function () { clearAll(); form.elements.q.focus(); });
  toggle.addEventListener("click", function () {
    var open = !form.classList.contains("is-open");
    form.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  });
  window.addEventListener("popstate", function () { writeForm(readUrl()); update(false); });

  writeForm(readUrl());
  update(false);
  var initial = readForm();
  if (initial.department || initial.location || initial.workplace.length || initial.type.length) {
    form.classList.add("is-open");
    toggle.setAttribute("aria-expanded", "true");
  }
}());
