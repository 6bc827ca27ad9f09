// Small behaviours shared by the pages; no inline scripts (the CSP forbids them).
"use strict";
(function () {
  // the article page: show or hide the highlights of negated and hypothetical events
  document.addEventListener("change", function (event) {
    if (event.target && event.target.hasAttribute("data-autosubmit")) event.target.form.submit();
    if (event.target && event.target.id === "show-unasserted") {
      document.body.classList.toggle("hide-unasserted", !event.target.checked);
    }
  });
  // the article page: the event named in the URL's #event-N is the one to look at
  function markTarget() {
    var match = /^#event-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    document.querySelectorAll("mark[data-events]").forEach(function (mark) {
      if (mark.dataset.events.split(" ").indexOf(match[1]) >= 0) mark.classList.add("focus");
    });
    var first = document.querySelector("mark.focus");
    if (first) first.scrollIntoView({block: "center"});
  }
  document.addEventListener("DOMContentLoaded", markTarget);
})();

// Build "/events?..." from a page's filter pairs, replacing some parameters.
window.tacitusEventsUrl = function (params, changes) {
  var query = new URLSearchParams();
  var replaced = Object.keys(changes || {});
  (params || []).forEach(function (pair) {
    if (replaced.indexOf(pair[0]) < 0) query.append(pair[0], pair[1]);
  });
  replaced.forEach(function (name) {
    [].concat(changes[name]).forEach(function (value) {
      if (value !== null && value !== undefined && value !== "") query.append(name, value);
    });
  });
  return "/events?" + query.toString();
};

window.tacitusData = function (id) {
  var node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
};
