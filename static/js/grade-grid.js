/* Progressive enhancement of the marks grid (juries/grid.html). Without JS the grid is a plain
 * form. With it: Enter moves to the next row (Shift+Enter: previous), pasting a column of values
 * (from a spreadsheet) fills the cells below, and a changed cell is saved on its own through the
 * API (one audited batch per cell), its status announced in a live region. */
(function () {
  "use strict";
  var form = document.getElementById("grade-grid");
  if (!form || !window.fetch) { return; }
  var api = form.getAttribute("data-api");
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var reasonInput = document.getElementById("reason");

  function cells(field) {
    return Array.prototype.slice.call(form.querySelectorAll("input[data-field='" + field + "']:not([readonly])"));
  }
  function original(input) {
    return form.querySelector("input[name='o-" + input.dataset.student + "-" + input.dataset.field + "']");
  }
  function status(input, text, bad) {
    var span = input.parentNode.querySelector(".cell-status");
    if (span) { span.textContent = text; span.className = "cell-status" + (bad ? " error" : ""); }
    input.setAttribute("aria-invalid", bad ? "true" : "false");
  }
  function save(input) {
    var orig = original(input);
    if (!orig || orig.value === input.value.trim()) { return; }
    status(input, "…", false);
    fetch(api, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json"},
      body: JSON.stringify({student: Number(input.dataset.student), field: input.dataset.field,
                            value: input.value.trim(), expected: orig.value,
                            reason: reasonInput ? reasonInput.value : ""})
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (result) {
      if (result.ok) {
        orig.value = result.data.value;
        input.value = result.data.value;
        status(input, "✓ enregistré", false);
      } else {
        var fields = result.data.fields || {};
        var msgs = Object.keys(fields).map(function (k) { return fields[k].join(" "); });
        status(input, msgs.join(" ") || result.data.message || "erreur", true);
      }
    }).catch(function () { status(input, "hors ligne : utilisez le bouton Enregistrer", true); });
  }
  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.dataset || !input.dataset.field) { return; }
    event.preventDefault();
    var column = cells(input.dataset.field);
    var next = column[column.indexOf(input) + (event.shiftKey ? -1 : 1)];
    if (next) { next.focus(); next.select(); } else { input.blur(); }
  });
  form.addEventListener("change", function (event) {
    if (event.target.dataset && event.target.dataset.field) { save(event.target); }
  });
  form.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.dataset || !input.dataset.field) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var lines = text.replace(/\r/g, "").split("\n");
    if (lines.length && lines[lines.length - 1] === "") { lines.pop(); }
    if (lines.length < 2) { return; }
    event.preventDefault();
    var column = cells(input.dataset.field);
    var start = column.indexOf(input);
    lines.forEach(function (line, i) {
      var cell = column[start + i];
      if (cell) { cell.value = line.split("\t")[0].trim(); save(cell); }
    });
  });
}());
