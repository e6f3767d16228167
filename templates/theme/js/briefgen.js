/* Citation popovers: Escape dismisses the one shown (WCAG 1.4.13); leaving the marker restores it. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".cite:hover, .cite:focus-within").forEach(function (cite) {
      cite.classList.add("dismissed");
    });
  });
  function restore(event) {
    var cite = event.target.closest && event.target.closest(".cite");
    if (cite) cite.classList.remove("dismissed");
  }
  document.addEventListener("mouseout", restore);
  document.addEventListener("focusout", restore);
})();
