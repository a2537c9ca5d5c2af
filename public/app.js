// Small improvements only: every page works without this file.
document.addEventListener('submit', (e) => {
  const form = e.target;
  // Confirm before anything irreversible.
  if (form.matches('form.confirm[data-confirm]') && !window.confirm(form.dataset.confirm)) {
    e.preventDefault();
    return;
  }
  // Against the double click: one submission per form.
  if (form.dataset.submitted) {
    e.preventDefault();
    return;
  }
  form.dataset.submitted = '1';
  for (const b of form.querySelectorAll('button[type=submit]')) b.setAttribute('aria-disabled', 'true');
});
document.addEventListener('DOMContentLoaded', () => {
  for (const b of document.querySelectorAll('.js-print')) {
    b.hidden = false;
    b.addEventListener('click', () => window.print());
  }
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  const progress = document.querySelector('[data-poll]');
  if (progress) setTimeout(() => window.location.reload(), 1500);
});
