// Publishing helpers (progressive: the forms work without this file).
(function () {
  // "Insert" next to an uploaded picture puts its <img> tag into the body at the cursor.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-insert-image]");
    if (!button) return;
    const body = document.querySelector("textarea[name=body]");
    if (!body || body.dataset.editorReady) return; // the rich-text editor inserts it itself
    const tag = `<p><img src="${button.getAttribute("data-insert-image")}" alt=""></p>\n`;
    const start = body.selectionStart ?? body.value.length;
    body.value = body.value.slice(0, start) + tag + body.value.slice(body.selectionEnd ?? start);
    body.focus();
  });

  // The notice form shows only the audience fields that apply.
  const audience = document.querySelector("select[name=audience]");
  if (!audience) return;
  const rows = {
    sector: document.getElementById("div_id_sector"),
    committee: document.getElementById("div_id_committee"),
    station: document.getElementById("div_id_station"),
    chosen: document.getElementById("div_id_chosen"),
  };
  const sync = () => {
    for (const [kind, row] of Object.entries(rows)) {
      if (row) row.hidden = audience.value !== kind;
    }
  };
  audience.addEventListener("change", sync);
  sync();
})();
