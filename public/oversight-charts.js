// Draws the dashboard's charts with Chart.js from the JSON data island (not executed, so the
// CSP allows it). Every chart has its table beside it; without JavaScript the tables remain.
document.addEventListener('DOMContentLoaded', () => {
  const island = document.getElementById('chart-data');
  if (!island || typeof window.Chart === 'undefined') return;
  // The island is written with EJS's <%= %>, which escapes & < > " ' as entities; a script
  // element's text is not entity-decoded by the browser, so undo exactly those five here.
  const entities = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&#39;': "'" };
  const text = (island.textContent || '[]').replace(/&(amp|lt|gt|#34|#39);/g, (m) => entities[m]);
  let charts;
  try {
    charts = JSON.parse(text);
  } catch {
    return;
  }
  const palette = ['#0b57d0', '#1a7f37', '#8250df', '#bf8700', '#cf222e', '#0a7f8a'];
  for (const spec of charts) {
    const box = document.querySelector(`[data-chart="${CSS.escape(spec.id)}"]`);
    if (!box) continue;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    // The table beside the chart carries the numbers for screen readers.
    canvas.setAttribute('aria-label', spec.title);
    box.appendChild(canvas);
    box.hidden = false;
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((d, i) => ({
          ...d,
          backgroundColor: palette[i % palette.length],
          borderColor: palette[i % palette.length],
          tension: 0,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }
});
