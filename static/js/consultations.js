// Consultations: small behaviours without inline script (the CSP forbids it).
(() => {
  // The verification form asks for a new deadline only when the item is reopened.
  const form = document.getElementById("verify-form");
  if (form) {
    const choice = form.querySelector("select[name=accepted]");
    const deadline = form.querySelector("input[name=new_deadline]");
    const wrapper = deadline ? deadline.closest(".mb-2") : null;
    const sync = () => {
      if (wrapper) wrapper.hidden = choice.value !== "no";
    };
    if (choice && wrapper) {
      choice.addEventListener("change", sync);
      sync();
    }
  }
  // The sign-in code field keeps digits only (phones may insert spaces).
  const code = document.querySelector("#sign-in-form input[name=code]");
  if (code) {
    code.addEventListener("input", () => {
      code.value = code.value.replace(/\D/g, "").slice(0, 6);
    });
  }
})();
