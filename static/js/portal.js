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
// A tab row that scrolls sideways on a phone shows its current tab, even the last one.
document.querySelectorAll(".nav.overflow-auto").forEach((row) => {
  const active = row.querySelector(".active");
  if (active && row.scrollWidth > row.clientWidth) {
    row.scrollLeft = active.offsetLeft - (row.clientWidth - active.offsetWidth) / 2;
  }
});
