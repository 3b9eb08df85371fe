// The PPID's staff forms: only the fields that the chosen decision (or category) needs. Without
// JavaScript every field shows and the service says what is missing.
(function () {
  "use strict";
  function wire(form, selector, attribute) {
    var fields = form.querySelectorAll("[" + attribute + "]");
    function update() {
      var chosen = form.querySelector(selector + ":checked") || form.querySelector("select" + selector);
      var value = chosen ? chosen.value : "";
      fields.forEach(function (input) {
        var wanted = input.getAttribute(attribute).split(" ");
        var box = input.closest(".field");
        if (box) {
          // A field the server found wrong stays in sight.
          box.hidden =
            value !== "" && wanted.indexOf(value) === -1 && !box.classList.contains("field-error");
        }
      });
    }
    form.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var decision = document.getElementById("ppid-decision");
    if (decision) {
      wire(decision, "[name$='decision']", "data-decision");
    }
    var item = document.getElementById("ppid-item");
    if (item) {
      wire(item, "[name='category']", "data-category");
    }
  });
})();
