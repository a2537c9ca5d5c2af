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
    const map = L.map(box, { zoomControl: false, maxZoom: 21, zoomSnap: 0.5 });
    L.control.zoom({ zoomInTitle: d.zoomIn, zoomOutTitle: d.zoomOut }).addTo(map);
    // No tile server configured: the parcels alone on the plain background of .map.
    if (d.tiles) L.tileLayer(d.tiles, { attribution: d.attribution, maxZoom: 21, maxNativeZoom: 19 }).addTo(map);
    const layer = L.geoJSON(fc, {
      style: (f) => ({ className: `parcel kind-${f.properties.kind} status-${f.properties.status}` }),
      onEachFeature: (f, shape) => shape.bindPopup(() => popup(f.properties, d.open)),
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
