// Small behaviours without inline script (the CSP forbids it).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) el.form.submit();
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-confirm-click]");
  if (el && !window.confirm(el.getAttribute("data-confirm-click"))) event.preventDefault();
});
