/* Optional: "Link to this clause" also copies the clause's address. Without this script
   the link still works: it goes to the clause, whose address can be copied from the bar. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.URL) { return; }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.clause__link");
    if (!link) { return; }
    var address = new URL(link.getAttribute("href"), window.location.href).href;
    navigator.clipboard.writeText(address).then(function () {
      link.setAttribute("data-copied", "");
      window.setTimeout(function () { link.removeAttribute("data-copied"); }, 3000);
    }, function () {});
  });
})();
