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

  /* A popover is centred over its marker; near an edge of the window it moves back inside, and below
     the marker when there is no room above. (On narrow screens CSS fixes it to the bottom instead.) */
  function place(event) {
    var cite = event.target.closest && event.target.closest(".cite");
    var pop = cite && cite.querySelector(".cite-pop");
    if (!pop) return;
    pop.style.removeProperty("--shift");
    cite.classList.remove("below");
    var rect = pop.getBoundingClientRect();
    if (!rect.width || getComputedStyle(pop).position !== "absolute") return;
    var margin = 8, room = document.documentElement.clientWidth;
    var shift = Math.max(margin - rect.left, Math.min(0, room - margin - rect.right));
    if (shift) pop.style.setProperty("--shift", shift + "px");
    if (rect.top < 0) cite.classList.add("below");
  }
  document.addEventListener("mouseover", place);
  document.addEventListener("focusin", place);
})();
