// Social-opinion reports: the live length count against the ~1,500-character guide, and
// showing only the "on behalf of" field that fits the chosen kind. No inline script (CSP).
(function () {
  "use strict";

  function updateCount(output) {
    const group = output.getAttribute("data-count-output");
    const guide = parseInt(output.getAttribute("data-guide"), 10) || 1500;
    let total = 0;
    document.querySelectorAll('[data-count="' + group + '"]').forEach((el) => {
      total += Array.from(el.value.trim()).length;
    });
    output.querySelector("[data-count-value]").textContent = String(total);
    const over = total > guide;
    output.classList.toggle("text-danger", over);
    output.querySelector("[data-count-over]").classList.toggle("d-none", !over);
  }

  function updateAll() {
    document.querySelectorAll("[data-count-output]").forEach(updateCount);
  }

  function showOnBehalf(form) {
    const select = form.querySelector('select[name="submitter_kind"]');
    if (!select) return;
    form.querySelectorAll("[data-show-for]").forEach((box) => {
      box.hidden = box.getAttribute("data-show-for") !== select.value;
    });
  }

  document.addEventListener("input", (event) => {
    if (event.target.matches("[data-count]")) updateAll();
  });
  document.addEventListener("change", (event) => {
    const form = event.target.closest("[data-report-form]");
    if (form && event.target.name === "submitter_kind") showOnBehalf(form);
  });
  document.addEventListener("DOMContentLoaded", () => {
    updateAll();
    document.querySelectorAll("[data-report-form]").forEach(showOnBehalf);
  });
})();
