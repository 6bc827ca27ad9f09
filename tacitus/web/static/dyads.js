// The dyads as a network (Cytoscape.js): nodes are parties, edges actor -> recipient with
// their event counts; clicking an edge opens its events.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var data = window.tacitusData("dyad-data");
  if (!data || !data.dyads.length) return;
  var nodes = {}, edges = [], max = 1;
  data.dyads.forEach(function (d, i) {
    nodes[d.actor] = (nodes[d.actor] || 0) + d.events;
    nodes[d.recipient] = (nodes[d.recipient] || 0) + d.events;
    max = Math.max(max, d.events);
    edges.push({data: {id: "e" + i, source: "n:" + d.actor, target: "n:" + d.recipient,
                       events: d.events, href: d.href, label: String(d.events)}});
  });
  var elements = Object.keys(nodes).map(function (name) {
    return {data: {id: "n:" + name, label: name, weight: nodes[name]}};
  }).concat(edges);
  var cy = cytoscape({
    container: document.getElementById("dyad-graph"),
    elements: elements,
    layout: {name: "preset"},
    style: [
      {selector: "node", style: {"label": "data(label)", "font-size": 11, "background-color": "#4a6fa5",
                                 "width": "mapData(weight, 1, " + (2 * max) + ", 14, 44)",
                                 "height": "mapData(weight, 1, " + (2 * max) + ", 14, 44)"}},
      {selector: "edge", style: {"curve-style": "bezier", "target-arrow-shape": "triangle",
                                 "width": "mapData(events, 1, " + max + ", 1.5, 9)",
                                 "line-color": "#c77d3a", "target-arrow-color": "#c77d3a",
                                 "label": "data(label)", "font-size": 9}},
      {selector: "edge:selected, edge.hover", style: {"line-color": "#a33", "target-arrow-color": "#a33"}}
    ]
  });
  cy.on("tap", "edge", function (event) { window.location.href = event.target.data("href"); });
  cy.on("mouseover", "edge", function (event) { event.target.addClass("hover"); });
  cy.on("mouseout", "edge", function (event) { event.target.removeClass("hover"); });
  // the graph is ready (and its positions final) when the layout stops
  var layout = cy.layout({name: "cose", animate: false, randomize: false, nodeRepulsion: 9000,
                          idealEdgeLength: 90});
  layout.one("layoutstop", function () { window.tacitusCy = cy; });
  layout.run();
});
