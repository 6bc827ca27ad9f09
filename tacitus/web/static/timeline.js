// The timeline: a stacked bar chart of counts per period (Vega-Lite). Brushing the x axis
// sets the date filter: the form's dates and a link to the events of that range.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var data = window.tacitusData("timeline-data");
  if (!data || !data.counts.length) return;
  var unit = {day: "yearmonthdate", week: "yearmonthdate", month: "yearmonth"}[data.interval];
  var spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: "container", height: 320,
    data: {values: data.counts},
    params: [{name: "brush", select: {type: "interval", encodings: ["x"]}}],
    mark: {type: "bar", tooltip: true},
    encoding: {
      x: {field: "period", type: "temporal", timeUnit: unit, title: data.interval},
      y: {field: "count", type: "quantitative", aggregate: "sum", title: "events"},
      color: {field: "series", type: "nominal", title: data.by === "quad" ? "quad class" : "event type"},
      opacity: {condition: {param: "brush", value: 1}, value: 0.5}
    }
  };
  var iso = function (ms) { return new Date(ms).toISOString().slice(0, 10); };
  vegaEmbed("#timeline-chart", spec, {actions: false, renderer: "svg"}).then(function (result) {
    window.tacitusView = result.view;
    result.view.addSignalListener("brush", function (name, value) {
      var range = value && (value.period || value[Object.keys(value)[0]]);
      var box = document.getElementById("brush-result");
      if (!range || range.length !== 2) { box.hidden = true; return; }
      var since = iso(Math.min(range[0], range[1])), until = iso(Math.max(range[0], range[1]));
      document.querySelector("#filters [name=since]").value = since;
      document.querySelector("#filters [name=until]").value = until;
      document.getElementById("brush-range").textContent = since + " – " + until;
      document.getElementById("brush-events").href =
        window.tacitusEventsUrl(data.params, {since: since, until: until});
      box.hidden = false;
    });
  });
});
