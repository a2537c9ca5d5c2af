// The collective's parcel map: Leaflet (served by the app from its npm package) replaces the
// server-drawn overview once the parcels' GeoJSON has arrived. Without JavaScript, or if anything
// here fails, the overview and the table stay as they are. Colours come from app.css classes.
(() => {
  const el = document.getElementById('parcel-map');
  if (!el || !window.L) return;
  fetch(el.dataset.geojson, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    })
    .then((fc) => {
      if (fc.features?.length) draw(el, fc);
    })
    .catch(() => {
      /* keep the overview */
    });

  function draw(box, fc) {
    const d = box.dataset;
    box.textContent = '';
    box.classList.add('live');
    box.setAttribute('aria-label', d.label);
    // The outlines' SVG no larger than the map (Leaflet's default pads it 10 % past every edge,
    // under the legend and the text around the map, where a contrast check finds it overlapping).
    const map = L.map(box, { zoomControl: false, maxZoom: 21, zoomSnap: 0.5, renderer: L.svg({ padding: 0 }) });
    // Buttons in words, as their names say (a bare + and − are no text to read or to check).
    L.control.zoom({ zoomInTitle: d.zoomIn, zoomOutTitle: d.zoomOut, zoomInText: d.zoomIn, zoomOutText: d.zoomOut }).addTo(map);
    // The library's credit as plain text (its default carries a flag image).
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    // No tile server configured: the parcels alone on the plain background of .map.
    if (d.tiles) L.tileLayer(d.tiles, { attribution: d.attribution, maxZoom: 21, maxNativeZoom: 19 }).addTo(map);
    const layer = L.geoJSON(fc, {
      style: (f) => ({ className: `parcel kind-${f.properties.kind} status-${f.properties.status}` }),
      // On a 360 px phone a popup keeps inside the map: narrower than the screen, its text
      // wrapping, and the map panning so that the whole popup shows (app.css .map-popup).
      onEachFeature: (f, shape) =>
        shape.bindPopup(() => popup(f.properties, d.open), {
          maxWidth: Math.min(280, box.clientWidth - 60),
          minWidth: Math.min(160, box.clientWidth - 60),
          autoPan: true,
          autoPanPadding: [12, 12],
          keepInView: true,
        }),
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 19 });
  }

  // Built from text nodes only: names come from the registry and are never parsed as HTML.
  function popup(p, openText) {
    const div = document.createElement('div');
    div.className = 'map-popup';
    const title = document.createElement('strong');
    title.textContent = `${p.kindLabel} · ${p.name}`;
    const facts = document.createElement('p');
    facts.textContent = `${p.parcelCode} · ${p.areaLabel} · ${p.statusLabel}`;
    const who = document.createElement('p');
    who.textContent = `${p.holder}（${p.householdCode}）`;
    const link = document.createElement('a');
    link.href = p.url;
    link.textContent = openText;
    div.append(title, facts, who, link);
    return div;
  }
})();
