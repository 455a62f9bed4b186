// Searchable pickers for long lists (co-signers, members, units, merge targets): every
// <select data-picker> becomes a Tom Select box, built by `make node` with esbuild into
// build/static/vendor/tom-select/pickers.js. The words come from the page (<body data-picker-*>),
// so they are translated with the rest of the portal.
import TomSelect from "tom-select/dist/esm/tom-select.complete.js";

function words() {
  const d = document.body.dataset;
  return { placeholder: d.pickerPlaceholder || "", empty: d.pickerEmpty || "" };
}

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

export function initPickers(root) {
  const w = words();
  root.querySelectorAll("select[data-picker]:not(.tomselected)").forEach((el) => {
    new TomSelect(el, {
      plugins: el.multiple ? ["remove_button"] : [],
      maxOptions: 100,
      closeAfterSelect: true,
      placeholder: el.dataset.placeholder || w.placeholder,
      hidePlaceholder: true,
      searchField: ["text"],
      render: {
        no_results: () => `<div class="no-results">${escapeHtml(w.empty)}</div>`,
      },
    });
  });
}

document.addEventListener("DOMContentLoaded", () => initPickers(document));
document.addEventListener("htmx:afterSwap", (event) => initPickers(event.target));
