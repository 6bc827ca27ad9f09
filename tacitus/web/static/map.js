// The map, fully offline: Natural Earth country outlines (world-atlas TopoJSON, served by
// this app) as the only basemap, shaded by events per country, with clustered event places.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var data = window.tacitusData("map-data");
  var map = L.map("map", {worldCopyJump: true, minZoom: 1, maxZoom: 10}).setView([25, 15], 2);
  map.attributionControl.setPrefix(false).addAttribution("Natural Earth");
  var alpha3 = {};
  Object.keys(data.numeric).forEach(function (code) { alpha3[data.numeric[code]] = code; });
  var max = Math.max.apply(null, [1].concat(Object.values(data.countries)));
  function shade(count) {
    if (!count) return "#f2f0ea";
    var t = Math.log(1 + count) / Math.log(1 + max);
    return "rgb(" + Math.round(250 - 120 * t) + "," + Math.round(220 - 160 * t) + "," + Math.round(180 - 140 * t) + ")";
  }
  fetch("/static/vendor/world-atlas/countries-110m.json").then(function (r) { return r.json(); })
    .then(function (world) {
      var shapes = topojson.feature(world, world.objects.countries);
      // no events in Antarctica; rings that cross the antimeridian are drawn east of it
      shapes.features = shapes.features.filter(function (f) { return f.id !== "010"; });
      shapes.features.forEach(unwrapAntimeridian);
      L.geoJSON(shapes, {
        style: function (feature) {
          var count = data.countries[alpha3[feature.id]] || 0;
          return {color: "#888", weight: 0.6, fillColor: shade(count), fillOpacity: 1,
                  className: "country" + (count ? " has-events country-" + alpha3[feature.id] : "")};
        },
        onEachFeature: function (feature, layer) {
          var code = alpha3[feature.id], count = data.countries[code] || 0;
          layer.bindTooltip((feature.properties.name || "") + (count ? ": " + count + " events" : ""));
          if (count) layer.on("click", function () {
            window.location.href = window.tacitusEventsUrl(data.params, {country: code});
          });
        }
      }).addTo(map).bringToBack();
      window.tacitusMapReady = true;
    });
  function unwrapAntimeridian(feature) {
    var polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates]
      : feature.geometry.type === "MultiPolygon" ? feature.geometry.coordinates : [];
    polygons.forEach(function (rings) {
      rings.forEach(function (ring) {
        var lons = ring.map(function (p) { return p[0]; });
        if (Math.max.apply(null, lons) - Math.min.apply(null, lons) > 270) {
          ring.forEach(function (p) { if (p[0] < 0) p[0] += 360; });
        }
      });
    });
  }
  var cluster = L.markerClusterGroup({maxClusterRadius: 40});
  data.places.features.forEach(function (feature) {
    var c = feature.geometry.coordinates, p = feature.properties;
    var marker = L.circleMarker([c[1], c[0]], {radius: 5 + Math.min(10, Math.sqrt(p.events)),
                                               color: "#7a2e1d", weight: 1, fillOpacity: 0.8,
                                               className: "place place-" + p.place_id});
    var link = document.createElement("a");
    link.href = window.tacitusEventsUrl(data.params, {place_id: p.place_id});
    link.className = "place-events";
    link.textContent = p.name + (p.country ? " (" + p.country + ")" : "") + ": " + p.events + " events";
    marker.bindPopup(link);
    cluster.addLayer(marker);
  });
  map.addLayer(cluster);
  window.tacitusMap = map;
});
