// The signup wizard's enhancements (the pages work without them; no inline scripts: CSP):
// type-to-filter of the village list, the live check of the portal address, and the progress page
// that follows provisioning every second.
(function () {
  "use strict";

  function normal(text) {
    return (text || "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // --- the village list: filter the select's options as the applicant types ---
  var search = document.querySelector("[data-village-filter]");
  if (search) {
    var select = document.getElementById(search.getAttribute("data-village-filter"));
    var filter = function () {
      var query = normal(search.value);
      if (!select) {
        return;
      }
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var groupMatches = normal(group.label).indexOf(query) !== -1;
        var shown = 0;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var show = !query || groupMatches || normal(option.textContent).indexOf(query) !== -1 || option.selected;
          option.hidden = !show;
          if (show) {
            shown += 1;
          }
        });
        group.hidden = shown === 0;
      });
    };
    search.addEventListener("input", filter);
    search.form.addEventListener("submit", function (event) {
      event.preventDefault(); // filtered in place; the server-side search is for browsers without JS
      filter();
      if (select) {
        select.focus();
      }
    });
  }

  // --- the portal address: checked as the applicant types ---
  var addressForm = document.querySelector("[data-address-form]");
  if (addressForm) {
    var slugInput = addressForm.querySelector("input[name=slug]");
    var statusLine = addressForm.querySelector("[data-address-status]");
    var preview = addressForm.querySelector("[data-host-preview]");
    var timer = null;
    var latest = 0;
    var check = function () {
      var slug = slugInput.value.trim().toLowerCase();
      if (preview) {
        preview.textContent = slug + preview.getAttribute("data-suffix");
      }
      if (!slug) {
        statusLine.textContent = "";
        return;
      }
      var ticket = ++latest;
      var url = addressForm.getAttribute("data-check-url") + "?slug=" + encodeURIComponent(slug);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          if (ticket !== latest) {
            return; // an older answer arriving late
          }
          statusLine.textContent = answer.message;
          statusLine.className = "wizard-check " + (answer.ok ? "ok" : "error");
        })
        .catch(function () {
          statusLine.textContent = "";
        });
    };
    if (slugInput && statusLine) {
      slugInput.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(check, 300);
      });
      if (slugInput.value) {
        check();
      }
    }
  }

  // --- the progress page: ticks and bar every second, a reload when provisioning has ended ---
  var progressPage = document.querySelector("[data-progress-page]");
  if (progressPage && progressPage.getAttribute("data-status") === "disetujui") {
    var bar = progressPage.querySelector("[data-progress-bar]");
    var poll = function () {
      fetch(progressPage.getAttribute("data-status-url"), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          if (answer.status !== "disetujui") {
            window.location.reload();
            return;
          }
          if (bar) {
            bar.value = answer.done;
            bar.textContent = answer.done + "/" + answer.total;
          }
          answer.steps.forEach(function (step) {
            var line = progressPage.querySelector("[data-step='" + step.key + "']");
            if (line && step.done && !line.classList.contains("done")) {
              line.classList.add("done");
              line.querySelector(".tick").textContent = "✓";
            }
          });
          window.setTimeout(poll, 1000);
        })
        .catch(function () {
          window.setTimeout(poll, 3000);
        });
    };
    window.setTimeout(poll, 1000);
  }
})();
