// The rich-text editor of news and notice bodies: every <textarea data-rich-editor> becomes a
// Quill editor (snow theme), built by `make node` with esbuild into
// build/static/vendor/quill/editor.js (+ editor.css). The textarea stays in the form and gets
// the editor's HTML on every change, so the server receives the same field as without scripts;
// the server's allowlist (news/sanitize.py) decides what is kept. The words come from the page
// (data-editor-words), so they are translated with the rest of the portal. The picture button
// uploads to data-upload-url (the portal's checked upload path) and inserts the returned address.
import Quill from "quill";
import "./editor.css";

const FORMATS = ["header", "bold", "italic", "underline", "list", "blockquote", "link", "image"];

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

function toolbarHtml(w, pictures) {
  const button = (cls, title, value) =>
    `<button type="button" class="${cls}"${value ? ` value="${value}"` : ""} title="${escapeHtml(title)}" aria-label="${escapeHtml(title)}"></button>`;
  return (
    `<span class="ql-formats"><select class="ql-header" title="${escapeHtml(w.heading)}" aria-label="${escapeHtml(w.heading)}">` +
    `<option value="2">${escapeHtml(w.h2)}</option><option value="3">${escapeHtml(w.h3)}</option>` +
    `<option selected>${escapeHtml(w.normal)}</option></select></span>` +
    `<span class="ql-formats">${button("ql-bold", w.bold)}${button("ql-italic", w.italic)}${button("ql-underline", w.underline)}</span>` +
    `<span class="ql-formats">${button("ql-list", w.ordered, "ordered")}${button("ql-list", w.bullet, "bullet")}${button("ql-blockquote", w.blockquote)}</span>` +
    `<span class="ql-formats">${button("ql-link", w.link)}${pictures ? button("ql-image", w.image) : ""}${button("ql-clean", w.clean)}</span>`
  );
}

function csrfToken(form) {
  const field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  if (field) return field.value;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// The editor's HTML for the server: lists as <ul>/<ol>, ordinary spaces (Quill writes &nbsp;),
// a blank line as <p><br></p> (an empty <p> would vanish on the way back into the editor),
// nothing at all for an empty editor (so "required" still says so).
function editorHtml(quill) {
  if (quill.getLength() <= 1 && !quill.root.querySelector("img")) return "";
  return quill.getSemanticHTML().replace(/&nbsp;/g, " ").replace(/<p><\/p>/g, "<p><br></p>");
}

function setUp(textarea) {
  const w = JSON.parse(textarea.dataset.editorWords || "{}");
  const pictures = "uploadUrl" in textarea.dataset;
  const uploadUrl = textarea.dataset.uploadUrl || "";
  const form = textarea.form;

  const wrapper = document.createElement("div");
  wrapper.className = "rich-editor";
  const toolbar = document.createElement("div");
  toolbar.innerHTML = toolbarHtml(w, pictures);
  const area = document.createElement("div");
  area.className = "rich-editor-area";
  const status = document.createElement("div");
  status.className = "rich-editor-status small mt-1";
  status.setAttribute("role", "status");
  const fileInput = document.createElement("input");
  fileInput.type = "file";
  fileInput.accept = "image/png,image/jpeg";
  fileInput.hidden = true;
  fileInput.className = "rich-editor-file";
  wrapper.append(toolbar, area, status, fileInput);
  textarea.insertAdjacentElement("afterend", wrapper);
  textarea.hidden = true;
  if (textarea.classList.contains("is-invalid")) wrapper.classList.add("is-invalid");

  const quill = new Quill(area, {
    theme: "snow",
    formats: FORMATS,
    modules: { toolbar: { container: toolbar, handlers: { image: () => pickPicture() } } },
  });
  quill.setContents(quill.clipboard.convert({ html: textarea.value || "" }), "silent");
  quill.root.setAttribute("aria-label", textarea.labels && textarea.labels[0] ? textarea.labels[0].textContent.trim() : "");
  const tooltip = quill.theme.tooltip && quill.theme.tooltip.root;
  if (tooltip) {
    // Quill's tooltip words are CSS content; editor.css reads them from these attributes.
    Object.assign(tooltip.dataset, { visit: w.linkVisit || "", prompt: w.linkPrompt || "" });
    const action = tooltip.querySelector("a.ql-action");
    if (action) Object.assign(action.dataset, { edit: w.linkEdit || "", save: w.linkSave || "" });
    const remove = tooltip.querySelector("a.ql-remove");
    if (remove) remove.dataset.remove = w.linkRemove || "";
    const input = tooltip.querySelector("input[type=text]");
    if (input) input.setAttribute("data-link", "https://");
  }

  const sync = () => { textarea.value = editorHtml(quill); };
  quill.on("text-change", sync);
  if (form) form.addEventListener("submit", sync);

  const say = (text, isError) => {
    status.textContent = text || "";
    status.classList.toggle("text-danger", !!isError);
    status.classList.toggle("text-muted", !isError);
  };

  function insertPicture(url) {
    const range = quill.getSelection(true) || { index: quill.getLength() };
    quill.insertEmbed(range.index, "image", url, "user");
    quill.insertText(range.index + 1, "\n", "user");
    quill.setSelection(range.index + 2, 0, "silent");
    sync();
  }

  function pickPicture() {
    if (!uploadUrl) { say(w.saveFirst, true); return; }
    fileInput.value = "";
    fileInput.click();
  }

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const data = new FormData();
    data.append("image", file);
    say(w.uploading, false);
    try {
      const response = await fetch(uploadUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) },
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok || !answer.url) { say(answer.error || w.uploadFailed, true); return; }
      insertPicture(answer.url);
      say("", false);
    } catch (error) {
      say(w.uploadFailed, true);
    }
  });

  // "Insert" beside a picture uploaded with the form on the side puts it into this editor.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-insert-image]");
    if (!button) return;
    event.preventDefault();
    insertPicture(button.getAttribute("data-insert-image"));
  });
  textarea.dataset.editorReady = "1";
  return quill;
}

document.querySelectorAll("textarea[data-rich-editor]").forEach(setUp);
