/* Optional: a "Copy citation" button. Without this script the citation is plain text that
   selects in one click (user-select: all), and the button stays hidden. */
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  var buttons = document.querySelectorAll("button[data-copy-target]");
  Array.prototype.forEach.call(buttons, function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (status) { status.textContent = "Citation copied"; }
      }, function () {
        if (status) { status.textContent = "Could not copy: select the citation and copy it"; }
      });
    });
  });
})();
