// The land and homestead forms' parcel maps (issue 17 item 3): the officer draws a parcel's outline
// (Leaflet-Geoman, touch included), moves its corners, or picks an outline imported for the same
// collective; the outline goes into the hidden field the form posts, and beside the map the
// computed area (turf's geodesic area, as the server computes it) stands next to the recorded area,
// with a warning above the NY/T 2539 import check's tolerance (given by the page). The server checks
// again on save. Without JavaScript the hidden field keeps the stored outline (views/registry/_shape-field.ejs).
import area from '/vendor/turf/area.js';

function start(d, list) {
  const words = (key, params = {}) =>
    (d[`t${key[0].toUpperCase()}${key.slice(1)}`] ?? key).replace(/\{\{(\w+)\}\}/g, (_, k) => String(params[k] ?? ''));
  const tolerance = Number(d.tolerance);
  const m2PerMu = Number(d.m2PerMu);
  // One request for the collective's imported outlines, shared by every map of the form.
  const imported = fetch(d.geojson, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then((r) => (r.ok ? r.json() : { features: [] }))
    .catch(() => ({ features: [] }));
  for (const field of list) parcelMap(field, { d, words, tolerance, m2PerMu, imported });
}

function button(text, cls) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `draw-tool ${cls}`;
  b.textContent = text;
  return b;
}

const fmt = (n, digits) => n.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function parcelMap(field, { d, words, tolerance, m2PerMu, imported }) {
  const hidden = field.querySelector('input[type=hidden]');
  const box = field.querySelector('.draw-map');
  const state = field.querySelector('.draw-state');
  const areaInput = document.getElementById(field.dataset.areaInput);
  const codeInput = document.getElementById(field.dataset.codeInput);
  const unit = field.dataset.unit;
  field.querySelector('.draw-hint').hidden = false;
  box.hidden = false;

  // The tools, as real buttons (keyboard, screen readers), large enough for a finger.
  const tools = document.createElement('div');
  tools.className = 'draw-tools';
  const drawBtn = button(words('start'), 'draw-start');
  const editBtn = button(words('edit'), 'draw-edit');
  const pickBtn = button(words('pick'), 'draw-pick');
  const clearBtn = button(words('clear'), 'draw-clear');
  // Closing the outline by touching its first corner is fiddly on a phone: a button does it too.
  const finishBtn = button(words('finish'), 'draw-finish primary');
  finishBtn.hidden = true;
  tools.append(drawBtn, finishBtn, editBtn, pickBtn, clearBtn);
  box.before(tools);

  // The computed and the recorded area, read out when they change.
  const out = document.createElement('dl');
  out.className = 'draw-areas';
  out.setAttribute('aria-live', 'polite');
  const computedDd = document.createElement('dd');
  computedDd.className = 'draw-computed';
  const recordedDd = document.createElement('dd');
  recordedDd.className = 'draw-recorded';
  const dt = (text) => {
    const e = document.createElement('dt');
    e.textContent = text;
    return e;
  };
  out.append(dt(words('computed')), computedDd, dt(words('recorded')), recordedDd);
  const warning = document.createElement('p');
  warning.className = 'draw-warning';
  warning.setAttribute('role', 'status');
  box.after(out, warning);

  const map = L.map(box, { zoomControl: false, maxZoom: 22, zoomSnap: 0.5 });
  L.control.zoom({ zoomInTitle: words('zoomIn'), zoomOutTitle: words('zoomOut') }).addTo(map);
  if (d.tiles) L.tileLayer(d.tiles, { attribution: d.attribution, maxZoom: 22, maxNativeZoom: 19 }).addTo(map);
  if (d.lang === 'zh') map.pm.setLang('zh');
  map.pm.setGlobalOptions({ allowSelfIntersection: false, snappable: true, snapDistance: 15 });

  let shape = null;
  let picking = false;

  const stored = parse(hidden.value);
  if (stored) setShape(stored);

  // The collective's imported outlines: shown faintly, snapped to while drawing, taken whole on "pick".
  const background = L.geoJSON(null, {
    pmIgnore: true,
    snapIgnore: false,
    style: (f) => ({ className: `parcel snap-source kind-${f.properties.kind}` }),
    onEachFeature: (f, layer) =>
      layer.on('click', () => {
        if (!picking) return;
        setShape(f.geometry);
        stopPicking();
        state.textContent = words('picked', { code: f.properties.parcelCode });
        changed();
      }),
  }).addTo(map);
  imported.then((fc) => {
    if (fc.features?.length) background.addData(fc);
    background.bringToBack();
    fitView();
  });
  fitView();

  function fitView() {
    const b = shape ? shape.getBounds() : background.getLayers().length ? background.getBounds() : null;
    if (b?.isValid()) map.fitBounds(b, { padding: [24, 24], maxZoom: 19 });
    else if (!map._loaded) map.setView([24.81, 113.6], 15); // 韶关: a start for a collective with no outlines yet
  }

  function parse(text) {
    if (!text) return null;
    try {
      const g = JSON.parse(text);
      return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? g : null;
    } catch {
      return null;
    }
  }

  function setShape(geometry) {
    if (shape) shape.remove();
    shape = L.geoJSON(geometry, { style: { className: 'parcel drawn' } }).getLayers()[0] ?? null;
    if (!shape) return;
    shape.addTo(map);
    shape.on('pm:edit', changed);
  }

  function geometryOf(layer) {
    return layer.toGeoJSON(8).geometry;
  }

  function changed() {
    hidden.value = shape ? JSON.stringify(geometryOf(shape)) : '';
    if (!shape) state.textContent = words('none');
    showAreas();
  }

  function recordedM2() {
    const n = Number.parseFloat((areaInput?.value ?? '').replace(/,/g, ''));
    if (!(n > 0)) return null;
    return unit === 'mu' ? n * m2PerMu : n;
  }

  function showAreas() {
    const both = (m2) => words('areaBoth', { m2: fmt(m2, 2), mu: fmt(m2 / m2PerMu, 2) });
    const computed = shape ? area(geometryOf(shape)) : null;
    const recorded = recordedM2();
    computedDd.textContent = computed === null ? words('none') : both(computed);
    recordedDd.textContent = recorded === null ? words('recordedNone') : both(recorded);
    warning.textContent = '';
    warning.classList.remove('warn');
    if (computed === null || recorded === null) return;
    const percent = (Math.abs(computed - recorded) / recorded) * 100;
    const params = { percent: fmt(percent, 1), tolerance };
    if (percent > tolerance) {
      warning.textContent = words('warning', params);
      warning.classList.add('warn');
    } else warning.textContent = words('within', params);
  }

  function stopEditing() {
    if (shape?.pm.enabled()) shape.pm.disable();
    editBtn.textContent = words('edit');
    editBtn.setAttribute('aria-pressed', 'false');
  }
  function stopPicking() {
    picking = false;
    box.classList.remove('picking');
    pickBtn.textContent = words('pick');
    pickBtn.setAttribute('aria-pressed', 'false');
  }
  function stopDrawing() {
    if (map.pm.globalDrawModeEnabled()) map.pm.disableDraw();
    finishBtn.hidden = true;
    drawBtn.textContent = words('start');
    drawBtn.setAttribute('aria-pressed', 'false');
  }

  drawBtn.addEventListener('click', () => {
    if (map.pm.globalDrawModeEnabled()) return stopDrawing();
    stopEditing();
    stopPicking();
    map.pm.enableDraw('Polygon', { allowSelfIntersection: false, snappable: true, finishOn: null });
    drawBtn.textContent = words('cancel');
    drawBtn.setAttribute('aria-pressed', 'true');
    finishBtn.hidden = false;
  });
  // Geoman's own finish action (its toolbar's “完成”); fewer than three corners make no polygon and are left as drawn.
  finishBtn.addEventListener('click', () => {
    const draw = map.pm.Draw.Polygon;
    if (draw._enabled && draw._layer.getLatLngs().length >= 3) draw._finishShape();
  });
  map.on('pm:create', (e) => {
    // The new outline replaces the old one.
    if (shape) shape.remove();
    shape = e.layer;
    shape.setStyle({ className: 'parcel drawn' });
    shape.getElement()?.classList.add('parcel', 'drawn');
    shape.on('pm:edit', changed);
    stopDrawing();
    state.textContent = words('drawn');
    changed();
  });

  editBtn.addEventListener('click', () => {
    if (!shape) return;
    if (shape.pm.enabled()) return stopEditing();
    stopDrawing();
    stopPicking();
    shape.pm.enable({ allowSelfIntersection: false, snappable: true });
    editBtn.textContent = words('editDone');
    editBtn.setAttribute('aria-pressed', 'true');
  });

  pickBtn.addEventListener('click', () => {
    if (picking) return stopPicking();
    stopDrawing();
    stopEditing();
    picking = true;
    box.classList.add('picking');
    state.textContent = words('pickHint');
    pickBtn.textContent = words('pickCancel');
    pickBtn.setAttribute('aria-pressed', 'true');
  });

  clearBtn.addEventListener('click', () => {
    stopDrawing();
    stopEditing();
    stopPicking();
    if (shape) shape.remove();
    shape = null;
    changed();
  });

  areaInput?.addEventListener('input', showAreas);
  const label = () =>
    box.setAttribute('aria-label', `${field.querySelector('legend')?.textContent ?? ''} ${codeInput?.value ?? ''}`.trim());
  codeInput?.addEventListener('input', label);
  label();
  showAreas();
}

const config = document.getElementById('draw-config');
const fields = document.querySelectorAll('fieldset.shape-field');
if (config && fields.length && window.L && L.PM) start(config.dataset, fields);
