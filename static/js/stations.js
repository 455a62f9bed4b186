// Stations pages: "select all" for member check-boxes (the CSP forbids inline script).
document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-check-all]");
  if (!trigger) return;
  const name = trigger.getAttribute("data-check-all");
  const form = trigger.closest("form") || document;
  const boxes = form.querySelectorAll(`input[type=checkbox][name="${name}"]`);
  const check = trigger.type === "checkbox" ? trigger.checked : ![...boxes].every((b) => b.checked);
  boxes.forEach((b) => { b.checked = check; });
});
