// Proposal pages: select-all for bulk actions, progress bar widths (no inline styles under CSP).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-check-all]")) {
    document.querySelectorAll('input[name="ids"][form="bulk-form"]').forEach((box) => {
      box.checked = el.checked;
    });
  }
});
function sizeBars(root) {
  (root || document).querySelectorAll(".progress-bar[data-width]").forEach((bar) => {
    bar.style.width = `${bar.getAttribute("data-width")}%`;
  });
}
document.addEventListener("DOMContentLoaded", () => sizeBars());
document.addEventListener("htmx:afterSwap", (event) => sizeBars(event.target.parentNode || document));
