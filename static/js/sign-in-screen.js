// A meeting's sign-in screen: the button puts the page in full screen for the hall's projector
// (the Fullscreen API needs a click; no inline script under the CSP).
(() => {
  const button = document.getElementById("fullscreen-toggle");
  if (!button) return;
  if (!document.documentElement.requestFullscreen) {
    button.hidden = true;
    return;
  }
  button.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  });
})();
